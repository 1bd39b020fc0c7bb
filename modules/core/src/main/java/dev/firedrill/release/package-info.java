/**
 * Releases as the runbooks do them. A service's image deployed, tagged and rolled back ({@link dev.firedrill.release.ReleaseSteps};
 * kinds {@code deploy}, {@code rollback}, {@code retag}, {@link dev.firedrill.release.ReleaseKinds}), each step recording
 * the images before and after ({@link dev.firedrill.ReleaseChange}). Schema migrations with the runbooks' own tool, alembic
 * ({@link dev.firedrill.release.Migrations}; kinds {@code migrate} and {@code migration-current},
 * {@link dev.firedrill.release.MigrationKinds}): alembic runs in a one-off container of the system's migrations service
 * (a Compose service with {@code profiles: [tools]} whose image carries the alembic project, as
 * {@code docker compose run --rm migrations alembic upgrade head} runs it); each migration notes on the timeline the
 * revision before and after, the command, its duration and its output's tail. A service's maintenance mode switched
 * over HTTP, as a runbook turns read-only on around a migration ({@link dev.firedrill.release.MaintenanceMode}; kind
 * {@code maintenance-mode}, {@link dev.firedrill.release.MaintenanceKinds}), noted as a release change. Definitions:
 * {@code docs/releases.md}.
 *
 * <p>May depend on: the root package, {@code capability} (images, one-offs), {@code kind} (its kinds), the JDK.
 */
package dev.firedrill.release;
