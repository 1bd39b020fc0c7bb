/**
 * Releases as the runbooks do them: a service's image deployed, tagged and rolled back ({@link dev.firedrill.release.Releases}),
 * each step recording the images before and after ({@link dev.firedrill.ReleaseChange}).
 *
 * <p>May depend on: the root package, {@code capability}, {@code kind} (the kinds it declares).
 */
package dev.firedrill.release;
