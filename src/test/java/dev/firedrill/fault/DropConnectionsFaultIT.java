package dev.firedrill.fault;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.Kinds;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** drop-connections on a real PostgreSQL: the clients' sessions are gone, the server takes new ones, the harness's own stay. */
@Timeout(60)
class DropConnectionsFaultIT {

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack() {
        stack = ReferenceStack.start("postgres");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theClientsSessionsAreDroppedAndANewSessionIsTakenAtOnce() throws Exception {
        try (Connection app = stack.sql().connect("postgres", "shop"); Connection other = stack.sql().connect("postgres", "reports");
             Connection harness = stack.sql().connect("postgres", "firedrill-it")) {
            new DropConnectionsFault("postgres", Optional.of("shop")).inject(stack).close();

            assertThatThrownBy(() -> query(app)).as("the shop's session is gone").isInstanceOf(SQLException.class);
            assertThat(query(other)).as("another application's session is kept").isEqualTo(1);
            assertThat(query(harness)).as("the harness's own session is kept").isEqualTo(1);
            try (Connection again = stack.sql().connect("postgres", "shop")) {
                assertThat(query(again)).as("the server takes a new session").isEqualTo(1);
            }
        }
    }

    @Test
    void withNoClientSessionToDropTheFaultSaysItCannotBite() {
        assertThatThrownBy(() -> new DropConnectionsFault("postgres", Optional.of("nobody")).inject(stack))
                .isInstanceOf(FaultNotEffectiveException.class)
                .hasMessage("dropConnections(postgres, nobody): no client session of 'nobody' was connected to drop: the fault cannot bite");
    }

    @Test
    void aDrillFileNamesItAndTheSystemMustOfferSqlSessions() {
        KindDescriptor<?> kind = Kinds.onClasspath().get(KindDescriptor.Category.FAULT, "drop-connections");
        assertThat(kind.requires()).containsExactly(SqlSessions.class);
        Object fault = kind.build(new dev.firedrill.kind.Args(Map.of("target", "postgres", "application", "shop")));
        assertThat(fault).isEqualTo(new DropConnectionsFault("postgres", Optional.of("shop")));
        assertThatThrownBy(() -> new DropConnectionsFault("proxy", Optional.empty()).validate(stack))
                .hasMessage("dropConnections(proxy) applies to a PostgreSQL service the harness can open SQL sessions to; 'proxy' is not one;"
                        + " valid targets are [postgres]");
    }

    private static int query(Connection session) throws SQLException {
        try (Statement st = session.createStatement(); var rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
