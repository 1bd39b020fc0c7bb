package dev.firedrill.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The service's application files: for every new entry a receipt, {@code <LEDGER_RECEIPTS_DIR>/<id>.json} (the id
 * URL-encoded), holding the entry as the cache stores it ({@code id, seq, account, amount, created_at}). Written after
 * the commit and the cache, as a new file moved into place, so a receipt is whole or absent. A receipt that cannot be
 * written is logged and the write still answers: the entry is committed. A whole-system backup archives this directory
 * with tar beside the database dump and the Redis snapshot (docs/backups.md, D28).
 */
final class Receipts {

    private static final System.Logger LOG = System.getLogger("dev.firedrill.ledger.receipts");

    private final Path dir;
    private final ObjectMapper json;

    private Receipts(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    /** Receipts in {@code dir} (created when missing), or none when it is null. */
    static Receipts in(Path dir, ObjectMapper json) {
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new LedgerConfigException("LEDGER_RECEIPTS_DIR", dir.toString(),
                        "a directory the service may create and write (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        return new Receipts(dir, json);
    }

    /** The file of {@code id}'s receipt. */
    static String fileName(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8) + ".json";
    }

    /** Writes the receipt of a new entry; never throws. */
    void write(Entry entry) {
        if (dir == null) {
            return;
        }
        try {
            Path fresh = Files.createTempFile(dir, ".receipt", ".new");
            Files.write(fresh, json.writeValueAsBytes(entry.toCachedJson()));
            Files.move(fresh, dir.resolve(fileName(entry.id())), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "receipt of entry " + entry.id() + " not written to " + dir + ": " + e);
        }
    }
}
