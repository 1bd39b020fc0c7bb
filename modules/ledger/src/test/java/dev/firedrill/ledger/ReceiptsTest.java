package dev.firedrill.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptsTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aNewEntryLeavesOneWholeReceiptNamedByItsId() throws Exception {
        Path receipts = dir.resolve("receipts");
        Receipts.in(receipts, json).write(new Entry("fdw-1a/2", 7, "acc-7", 120, Instant.parse("2026-12-08T01:02:03.456Z")));

        try (Stream<Path> files = Files.list(receipts)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("only the receipt, no temporary file left")
                    .containsExactly("fdw-1a%2F2.json");
        }
        JsonNode receipt = json.readTree(receipts.resolve(Receipts.fileName("fdw-1a/2")).toFile());
        assertThat(receipt.get("id").asText()).isEqualTo("fdw-1a/2");
        assertThat(receipt.get("seq").asLong()).isEqualTo(7);
        assertThat(receipt.get("amount").asLong()).isEqualTo(120);
        assertThat(receipt.get("created_at").asText()).isEqualTo("2026-12-08T01:02:03.456Z");
    }

    @Test
    void withoutADirectoryNothingIsWrittenAndAFailedWriteDoesNotThrow() throws Exception {
        Receipts.in(null, json).write(new Entry("a", 1, "acc", 1, null));
        Path receipts = dir.resolve("r");
        Receipts written = Receipts.in(receipts, json);
        Files.delete(receipts);   // the directory gone under the service: logged, the write still answers
        written.write(new Entry("b", 2, "acc", 2, null));
        assertThat(Files.exists(receipts)).isFalse();
    }
}
