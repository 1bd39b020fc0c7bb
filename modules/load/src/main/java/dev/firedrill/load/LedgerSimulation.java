package dev.firedrill.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Writes and reads against the reference service (docs/reference-service.md): each virtual user makes one
 * request, {@code write} ({@code POST /entries}, share {@code load.writeShare}) or {@code read} ({@code GET
 * /entries/{id}} of an entry this run wrote before), at {@code load.rate} users per second (open model).
 *
 * <p>Parameters are system properties, read when Gatling creates the simulation: {@code load.baseUrl}
 * (required), {@code load.rate}, {@code load.writeShare}, {@code load.maxDuration} (see {@link LoadSettings}).
 * It is an ordinary simulation: inside a drill ({@link Loads#ledger()}) Firedrill records its requests as it records
 * any simulation's ({@link RecordingStatsEngine}) and ends the run when the drill ends. On its own:
 * {@code mvn test-compile gatling:test -Dload.baseUrl=http://localhost:8080}.
 */
public class LedgerSimulation extends Simulation {

    private static final int REMEMBERED_IDS = 1024;
    private static final Duration STANDALONE_DURATION = Duration.ofSeconds(60);

    private final String baseUrl = requiredBaseUrl();
    private final LoadSettings settings = LoadSettings.defaults().overriddenBySystemProperties();
    private final String runKey = "load-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReferenceArray<String> written = new AtomicReferenceArray<>(REMEMBERED_IDS);
    private final AtomicLong writtenCount = new AtomicLong();

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .disableWarmUp()
            .shareConnections()
            .acceptHeader("application/json")
            .contentTypeHeader("application/json");

    private final ChainBuilder write = exec(http("write").post("/entries")
            .body(StringBody(session -> "{\"id\":\"" + session.getString("entryId")
                    + "\",\"account\":\"load\",\"amount\":1}"))
            .check(status().in(200, 201)));

    private final ChainBuilder read = exec(http("read").get(session -> "/entries/" + session.getString("entryId"))
            .check(status().is(200)));

    private final ScenarioBuilder ledger = scenario("ledger")
            .exec(this::choose)
            .doIfOrElse(session -> session.getBoolean("isWrite")).then(write).orElse(read)
            .exec(this::remember);

    {
        // On its own (gatling:test) a minute unless load.maxDuration says otherwise; a drill sets it, and ends the run.
        Duration runFor = System.getProperty("load.maxDuration") != null ? settings.maxDuration() : STANDALONE_DURATION;
        setUp(ledger.injectOpen(constantUsersPerSec(settings.rate()).during(runFor)))
                .protocols(protocol);
    }

    private static String requiredBaseUrl() {
        String url = System.getProperty("load.baseUrl");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("LedgerSimulation needs the system property load.baseUrl, "
                    + "the reference service's URL, e.g. -Dload.baseUrl=http://localhost:8080");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Chooses write or read, and the entry. */
    private Session choose(Session session) {
        long known = writtenCount.get();
        boolean isWrite = known == 0 || ThreadLocalRandom.current().nextDouble() < settings.writeShare();
        String id = isWrite ? runKey + sequence.incrementAndGet()
                : written.get((int) (ThreadLocalRandom.current().nextLong(Math.min(known, REMEMBERED_IDS))));
        if (id == null) {   // a slot not yet filled: write instead
            isWrite = true;
            id = runKey + sequence.incrementAndGet();
        }
        return session.set("isWrite", isWrite).set("entryId", id);
    }

    /** Remembers acknowledged writes for later reads. */
    private Session remember(Session session) {
        if (session.getBoolean("isWrite") && !session.isFailed()) {
            long n = writtenCount.getAndIncrement();
            written.set((int) (n % REMEMBERED_IDS), session.getString("entryId"));
        }
        return session;
    }
}
