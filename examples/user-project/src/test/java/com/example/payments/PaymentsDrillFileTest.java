package com.example.payments;

import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.Kinds;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFileException;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** This project depends on firedrill-junit only: it reads its drill files, and carries nothing it does not use. */
class PaymentsDrillFileTest {

    @Test
    void ourDrillFileReadsWithFiredrillsKinds() {
        DrillFile file = DrillFiles.read(Path.of("drills/payments-db-down.yml"));

        assertThat(file.drill().id()).isEqualTo("P01");
        assertThat(file.drill().suites()).containsExactly("payments-nightly");
        assertThat(Kinds.onClasspath().names(Category.FAULT)).contains("kill", "latency", "partition");
    }

    @Test
    void aLoadSectionSaysWhichModuleItNeeds() throws Exception {
        String text = Files.readString(Path.of("drills/payments-db-down.yml")) + "load: {rate: 20}\n";

        assertThatThrownBy(() -> DrillFiles.parse(Path.of("drills/with-load.yml"), text))
                .isInstanceOf(DrillFileException.class)
                .hasMessageContaining("no load generator is on the classpath")
                .hasMessageContaining("dev.firedrill:firedrill-load");
    }

    @Test
    void neitherGatlingNorAllureNorTheFaultProxyServerNorTheReferenceServiceIsOnTheClasspath() {
        for (String absent : new String[] {"io.gatling.javaapi.core.CoreDsl", "io.qameta.allure.Allure",
                "dev.firedrill.toxiproxy.ToxiproxyServer", "dev.firedrill.ledger.LedgerService"}) {
            assertThat(present(absent)).as(absent).isFalse();
        }
        assertThat(present("dev.firedrill.junit.Drills")).isTrue();
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, PaymentsDrillFileTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
