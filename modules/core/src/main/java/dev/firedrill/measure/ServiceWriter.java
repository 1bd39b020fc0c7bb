package dev.firedrill.measure;

import dev.firedrill.HarnessClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/**
 * Writes through the service's API ({@code POST /entries}), as a client experiences it: 201/200
 * acknowledged, 4xx/5xx a definite failure, no connection failed, a timeout or a connection lost
 * mid-request indeterminate. Ids are {@code <prefix><ledger id>}, the prefix unique to this writer.
 *
 * <p>Example: {@code try (var w = new ServiceWriter(URI.create("http://127.0.0.1:8080"), clock)) { w.start(); ... }}
 */
public final class ServiceWriter extends ScheduledWriter {

    private static final int PAGE_SIZE = 1_000;

    private final URI baseUri;
    private final String prefix;
    private final HttpClient client;

    /** A writer with the default settings (every 100 ms, 2 s timeout). */
    public ServiceWriter(URI baseUri, HarnessClock clock) {
        this(baseUri, clock, WriterSettings.defaults());
    }

    /** A writer with the given settings. */
    public ServiceWriter(URI baseUri, HarnessClock clock, WriterSettings settings) {
        super(clock, 1, settings, "service-writer");
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri must not be null");
        this.prefix = "fdw-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        this.client = HttpCalls.client(settings.requestTimeout());
    }

    @Override
    public String name() {
        return "service " + baseUri;
    }

    /** The prefix of every id this writer sends, e.g. {@code "fdw-1a2b3c4d-"}. */
    public String idPrefix() {
        return prefix;
    }

    /** The id sent to the service for ledger operation {@code id}. */
    public String entryId(long id) {
        return prefix + id;
    }

    @Override
    Result write(long id) {
        return HttpCalls.classifyWrite(client, HttpCalls.postEntry(baseUri, entryId(id), id, settings.requestTimeout()));
    }

    /** Reads back through {@code GET /entries?after=&limit=} (the service reads it from the database, never the cache). */
    @Override
    public ReadBack readBack() {
        ReadBack.Builder b = ReadBack.builder();
        HttpCalls.readEntries(client, baseUri, prefix, settings.requestTimeout(), PAGE_SIZE, b::add);
        return b.build();
    }

    /** Reads back with JDBC straight from the {@code entries} table, bypassing the service. */
    public ReadBack readBackFromDatabase(String jdbcUrl, String user, String password) {
        ReadBack.Builder b = ReadBack.builder();
        Properties props = JdbcCanaryWriter.properties(user, password, settings.requestTimeout());
        try (Connection c = DriverManager.getConnection(jdbcUrl, props);
                PreparedStatement s = c.prepareStatement("SELECT id FROM entries WHERE id LIKE ?")) {
            s.setQueryTimeout(60);
            s.setString(1, prefix.replace("_", "\\_").replace("%", "\\%") + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    b.add(HttpCalls.parseOrMinusOne(rs.getString(1).substring(prefix.length())));
                }
            }
        } catch (SQLException e) {
            throw new MeasurementException(JdbcCanaryWriter.redact(jdbcUrl), "read back table entries", e);
        }
        return b.build();
    }

    @Override
    void release() {
        // The JDK client holds no resources that outlive its idle connections.
    }
}
