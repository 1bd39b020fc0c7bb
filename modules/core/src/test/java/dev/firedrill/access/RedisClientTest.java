package dev.firedrill.access;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading CLIENT LIST as Redis 7 answers it. */
class RedisClientTest {

    private static final String LIST = "id=3 addr=172.18.0.5:40010 laddr=172.18.0.3:6379 fd=8 name= age=40 idle=0 flags=N db=0 sub=0 psub=0"
            + " ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1800 events=r"
            + " cmd=get user=default redir=-1 resp=2\r\n"
            + "id=7 addr=172.18.0.1:51234 laddr=172.18.0.3:6379 fd=12 name=firedrill-leak age=12 idle=12 flags=N db=0 sub=0 psub=0"
            + " cmd=client|setname user=default resp=2\r\n"
            + "id=9 addr=172.18.0.7:6379 laddr=172.18.0.3:6379 fd=13 name= age=100 idle=1 flags=S db=0 cmd=replconf user=default\r\n";

    @Test
    void everyLineIsAClientWithItsIdAndIdleTime() {
        assertThat(RedisClient.parse(LIST)).containsExactly(
                new RedisClient(3, "172.18.0.5:40010", "", 0, "N"),
                new RedisClient(7, "172.18.0.1:51234", "firedrill-leak", 12, "N"),
                new RedisClient(9, "172.18.0.7:6379", "", 1, "S"));
        assertThat(RedisClient.parse(LIST)).extracting(RedisClient::ordinary).containsExactly(true, true, false);
        assertThat(RedisClient.parse("")).isEmpty();
    }

    @Test
    void aLineThatIsNoClientIsAnError() {
        assertThatThrownBy(() -> RedisClient.parse("ERR unknown command")).hasMessage("not a CLIENT LIST line (no id= or idle=): 'ERR unknown command'");
    }

    @Test
    void theRefusalIsFoundInACauseToo() {
        assertThat(RedisClient.isRefusal(new IOException("wrapped", new IOException("ERR max number of clients reached")))).isTrue();
        assertThat(RedisClient.isRefusal(new IOException("Unexpected end of stream."))).isFalse();
    }
}
