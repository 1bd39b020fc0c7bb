package dev.firedrill.load;

import dev.firedrill.ManualClock;
import dev.firedrill.TimePoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GatlingClockTest {

    @Test
    void gatlingsTimestampsArePointsOfTheDrillsMonotonicClock() {
        ManualClock drill = new ManualClock();
        GatlingClock gatling = new GatlingClock(drill);
        TimePoint origin = drill.now();
        assertThat(gatling.nowMillis()).isEqualTo(origin.wall().toEpochMilli());

        TimePoint later = drill.advance(Duration.ofMillis(1234));
        drill.jumpWall(Duration.ofHours(-1));   // a wall-clock step during the run changes nothing
        long stamp = gatling.nowMillis();

        assertThat(stamp).isEqualTo(origin.wall().toEpochMilli() + 1234);
        assertThat(gatling.at(stamp).monotonicNanos()).isEqualTo(later.monotonicNanos());
        assertThat(gatling.at(stamp).since(origin)).isEqualTo(Duration.ofMillis(1234));
    }

    @Test
    void aTimestampIsTheDrillsInstantToTheMillisecond() {
        ManualClock drill = new ManualClock();
        GatlingClock gatling = new GatlingClock(drill);
        TimePoint origin = drill.now();

        drill.advance(Duration.ofNanos(2_999_999));

        assertThat(gatling.nowMillis() - origin.wall().toEpochMilli()).isEqualTo(2);
        assertThat(gatling.at(gatling.nowMillis()).since(origin)).isEqualTo(Duration.ofMillis(2));
    }
}
