package dev.firedrill.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.Leftover;
import dev.firedrill.LeftoverJournal;
import dev.firedrill.Owner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This JVM's fault journal: {@code <reports>/.active/<owner>.journal}, one JSON object per line, each line forced to
 * disk before the fault acts. It says who wrote it (the {@link Owner}: host, pid, start), what each fault was about to
 * leave ({@code will-leave}, with a {@link Leftover}) and what was undone ({@code undone}); a normal end deletes it.
 * The leftovers on a proxy are also held there as a lease ({@link ProxyLeases}) while they last.
 *
 * <pre>{@code
 * {"event":"opened","owner":"3f9c...:4242:1765090000000","run":"20261207-061500-ab12","at":"2026-12-07T06:15:00Z"}
 * {"event":"will-leave","id":"1","fault":"latency(web)","leftover":{"type":"toxic","fields":{"api":"http://127.0.0.1:8474","proxy":"web","toxic":"firedrill-1a2b-downstream"}}}
 * {"event":"undone","id":"1"}
 * }</pre>
 */
public final class FaultJournal implements LeftoverJournal, AutoCloseable {

    /** The folder of the journals under a project's reports folder. */
    public static final String FOLDER = ".active";
    /** A journal file's extension. */
    public static final String EXTENSION = ".journal";

    private static final Logger LOG = Logger.getLogger(FaultJournal.class.getName());
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Leftover> outstanding = new LinkedHashMap<>();
    private final ProxyLeases leases;
    private boolean closed;

    private FaultJournal(Path file, FileChannel channel, ProxyLeases leases) {
        this.file = file;
        this.channel = channel;
        this.leases = leases;
    }

    /**
     * Opens this JVM's journal in {@code activeFolder} (created if missing), for run {@code runId}; leases on a fault proxy
     * that has them last {@code leaseTtl} unless renewed.
     */
    public static FaultJournal open(Path activeFolder, String runId, Duration leaseTtl) {
        Owner owner = Owner.current();
        Path file = activeFolder.resolve(owner.label().replace(':', '-') + EXTENSION);
        try {
            Files.createDirectories(activeFolder);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            FaultJournal journal = new FaultJournal(file, channel, new ProxyLeases(owner.label().replace(':', '-'), leaseTtl));
            ObjectNode opened = JSON.createObjectNode().put("event", "opened").put("owner", owner.label()).put("run", runId)
                    .put("at", Instant.now().toString());
            journal.append(opened);
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fault journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The journal's file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized String willLeave(String fault, Leftover leftover) {
        String id = Integer.toString(ids.incrementAndGet());
        ObjectNode line = JSON.createObjectNode().put("event", "will-leave").put("id", id).put("fault", fault);
        line.set("leftover", JSON.valueToTree(leftover));
        append(line);
        outstanding.put(id, leftover);
        leases.hold(List.copyOf(outstanding.values()));
        return id;
    }

    @Override
    public synchronized void undone(Collection<String> done) {
        boolean any = false;
        for (String id : done) {
            if (outstanding.remove(id) != null) {
                append(JSON.createObjectNode().put("event", "undone").put("id", id));
                any = true;
            }
        }
        if (any) {
            leases.hold(List.copyOf(outstanding.values()));
        }
    }

    /** What was about to be left and is not recorded as undone, by entry id. */
    public synchronized Map<String, Leftover> outstanding() {
        return Map.copyOf(outstanding);
    }

    /**
     * The run ended: ends the leases, then deletes the journal when nothing is outstanding; what is (a fault whose undo
     * failed) stays on record for the next start to undo.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        leases.close();
        try {
            channel.close();
            if (outstanding.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                LOG.warning("the fault journal " + file + " keeps " + outstanding.size() + " leftover(s) whose undo was not seen: "
                        + outstanding.values().stream().map(Leftover::describe).toList() + "; the next start undoes them");
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not close the fault journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void append(JsonNode line) {
        try {
            channel.write(java.nio.ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fault journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The entries of a journal file: its header, then each fault's leftover and the ids undone. */
    record Contents(String owner, String run, List<Entry> leftovers, List<String> undone) {
        record Entry(String id, String fault, Leftover leftover) {
        }

        static Contents read(Path file) throws IOException {
            String owner = null;
            String run = null;
            List<Entry> left = new ArrayList<>();
            List<String> undone = new ArrayList<>();
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line;
                try {
                    line = JSON.readTree(text);
                } catch (IOException torn) {
                    continue;   // a line cut short by the kill: it was not forced, so its fault never acted
                }
                switch (line.path("event").asText()) {
                    case "opened" -> {
                        owner = line.path("owner").asText();
                        run = line.path("run").asText();
                    }
                    case "will-leave" -> left.add(new Entry(line.path("id").asText(), line.path("fault").asText(),
                            JSON.treeToValue(line.path("leftover"), Leftover.class)));
                    case "undone" -> undone.add(line.path("id").asText());
                    default -> { }
                }
            }
            return new Contents(owner, run, left, undone);
        }

        List<Entry> outstanding() {
            return leftovers.stream().filter(e -> !undone.contains(e.id())).toList();
        }
    }
}
