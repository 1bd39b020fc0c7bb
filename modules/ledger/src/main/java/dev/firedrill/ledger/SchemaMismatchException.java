package dev.firedrill.ledger;

import java.sql.SQLException;

/**
 * The table lacks a column this release uses, e.g. release 1.0.1 on schema revision 0001 (no {@code currency}) or 1.0.0
 * after revision 0004 dropped {@code created_at}: answered 500 with the database's own words, which name the column,
 * so a drill sees new code on an old schema (or old code on a new one) for what it is. Nothing was written.
 */
final class SchemaMismatchException extends RuntimeException {

    private final Release release;

    SchemaMismatchException(Release release, SQLException cause) {
        super("release " + release.version() + " does not match the database schema: " + firstLine(cause.getMessage()), cause);
        this.release = release;
    }

    Release release() {
        return release;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).replaceFirst("^ERROR: ", "");
    }
}
