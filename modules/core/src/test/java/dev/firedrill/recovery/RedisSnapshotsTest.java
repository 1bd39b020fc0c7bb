package dev.firedrill.recovery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSnapshotsTest {

    @Test
    void recognisesAnRdbFileByItsHeaderOnly() {
        assertThat(RedisSnapshotStore.looksLikeRdb("REDIS0010\u00fa\tredis-ver".getBytes(StandardCharsets.ISO_8859_1))).isTrue();
        assertThat(RedisSnapshotStore.looksLikeRdb("REDIS".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(RedisSnapshotStore.looksLikeRdb("*2\r\n$3\r\nSET".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(RedisSnapshotStore.looksLikeRdb(new byte[0])).isFalse();
    }

    @Test
    void namesReadLikeTheRunbook() {
        assertThat(Backups.redisSnapshot("redis").name()).isEqualTo("redis snapshot(redis)");
        assertThat(Backups.redisSnapshotNotRecorded("redis").name()).isEqualTo("redis snapshot(redis) not recorded as the recovery point");
        assertThat(Recoveries.restoreLatestSnapshot("redis").name()).isEqualTo("restore latest snapshot(redis)");
        assertThat(Recoveries.restoreOlderSnapshot("redis", 2).name()).isEqualTo("restore snapshot 2 before the latest(redis)");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Recoveries.restoreOlderSnapshot("redis", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generationsBack must be 1 or more, got 0");
        assertThatThrownBy(() -> Backups.redisSnapshot(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redisSnapshot: the target service must be named");
        assertThatThrownBy(() -> Recoveries.restoreLatestSnapshot(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restoreSnapshot: the target service must be named");
    }
}
