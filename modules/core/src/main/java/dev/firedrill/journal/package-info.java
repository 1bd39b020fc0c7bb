/**
 * No fault outlives the harness: before a fault acts, what it is about to leave behind and how to undo it is written
 * to a journal on disk ({@link dev.firedrill.journal.FaultJournal}, one file per JVM under {@code reports/.active/}),
 * and mirrored as a lease to Firedrill's own fault proxy ({@link dev.firedrill.journal.ProxyLeases}), which undoes it
 * by itself when the lease is not renewed. The next start (a drill run, {@code ./drill plan}, {@code ./drill revert})
 * undoes what a dead JVM left ({@link dev.firedrill.journal.Leftovers}) and says so.
 *
 * <p>May depend on: the root package ({@link dev.firedrill.Owner}), Jackson, the JDK's HTTP client.
 */
package dev.firedrill.journal;
