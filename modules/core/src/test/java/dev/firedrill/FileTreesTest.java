package dev.firedrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @Test
    void deletesAFolderWithNestedFilesAndLeavesItsSiblings(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f.txt"), "x");
        Files.writeString(dir.resolve("tree/g.txt"), "y");
        Path sibling = Files.writeString(dir.resolve("keep.txt"), "z");

        FileTrees.delete(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(sibling).exists();
    }

    @Test
    void aMissingOrNullFolderIsNothingToDo(@TempDir Path dir) {
        assertThatCode(() -> FileTrees.delete(dir.resolve("absent"))).doesNotThrowAnyException();
        assertThatCode(() -> FileTrees.deleteQuietly(null)).doesNotThrowAnyException();
    }
}
