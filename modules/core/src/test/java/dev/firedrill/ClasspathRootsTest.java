package dev.firedrill;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClasspathRootsTest {

    private static final String NAME = "META-INF/firedrill/module.properties";

    @Test
    void aResourceInAJarLiesInThatJar() throws Exception {
        URL inJar = new URL("jar:file:/repo/dev/firedrill/firedrill-load-0.1.0.jar!/" + NAME);

        assertThat(ClasspathRoots.rootOf(inJar, NAME)).isEqualTo(URI.create("file:/repo/dev/firedrill/firedrill-load-0.1.0.jar"));
    }

    @Test
    void aResourceInAClassesFolderLiesInThatFolder() throws Exception {
        URL inFolder = new URL("file:/work/modules/load/target/classes/" + NAME);

        assertThat(ClasspathRoots.rootOf(inFolder, NAME)).isEqualTo(URI.create("file:/work/modules/load/target/classes/"));
    }

    @Test
    void theRootOfThisClassesOwnMarkerIsWhereThisClassComesFrom() throws Exception {
        URL marker = ClasspathRoots.class.getClassLoader().getResource(NAME);
        URI own = ClasspathRoots.class.getProtectionDomain().getCodeSource().getLocation().toURI().normalize();

        assertThat(ClasspathRoots.rootOf(marker, NAME)).isEqualTo(own);
    }

    @Test
    void aUrlOfAnotherResourceIsRefused() throws Exception {
        assertThatThrownBy(() -> ClasspathRoots.rootOf(new URL("file:/x/other.txt"), NAME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the resource " + NAME);
    }
}
