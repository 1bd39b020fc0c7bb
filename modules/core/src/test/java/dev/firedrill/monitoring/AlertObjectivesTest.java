package dev.firedrill.monitoring;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Timeline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert objectives judged on timelines as the watch and the receiver write them. */
class AlertObjectivesTest {

    private final ManualClock clock = new ManualClock();
    private final Timeline timeline = new Timeline(clock);

    private void note(AlertEvent.Source source, String state) {
        timeline.note(AlertEvent.KIND, new AlertEvent(source, "APIDown", Map.of("job", "ledger", "severity", "critical"), state).detail());
    }

    private void watched() {
        timeline.note(AlertHistory.WATCH, "rules sped up 12x; Alertmanager delivers to Firedrill's receiver http://172.18.0.1:1/alerts");
        timeline.note(AlertHistory.RULE, "APIDown: up{job=\"ledger\"} == 0 for 5s");
        timeline.note(AlertHistory.EXPRESSION, "APIDown: no series");
        timeline.mark(Marker.STEADY_PROVEN, "");
    }

    private ObjectiveResult judge(dev.firedrill.Objective o) {
        return o.judge(DrillMeasurements.empty(timeline));
    }

    @Test
    void anAlertThatFiresAndIsDeliveredInTimeMeetsItAndGivesTheDetectionTime() {
        watched();
        timeline.mark(Marker.DISRUPTION, "kill");
        clock.advance(Duration.ofSeconds(1));
        note(AlertEvent.Source.PROMETHEUS, "pending");
        clock.advance(Duration.ofMillis(5200));
        note(AlertEvent.Source.PROMETHEUS, "firing");
        clock.advance(Duration.ofMillis(1300));
        note(AlertEvent.Source.DELIVERED, "firing");

        AlertFiresObjective fires = AlertObjectives.fires("APIDown", Map.of("severity", "critical"), Duration.ofSeconds(10));
        ObjectiveResult r = judge(fires);
        assertThat(r.passed()).as(r.message()).isTrue();
        assertThat(r.measured()).isEqualTo("6200");
        assertThat(r.message()).contains("fired 6.2 s after the disruption").contains("delivered to Firedrill's receiver after 7.5 s");
        assertThat(fires.detectedAt(timeline, timeline.first(Marker.DISRUPTION).orElseThrow()).orElseThrow()
                .since(timeline.first(Marker.DISRUPTION).orElseThrow())).isEqualTo(Duration.ofMillis(6200));
    }

    @Test
    void firingLateOrNeverDeliveredMissesIt() {
        watched();
        timeline.mark(Marker.DISRUPTION, "kill");
        clock.advance(Duration.ofSeconds(12));
        note(AlertEvent.Source.PROMETHEUS, "firing");
        ObjectiveResult late = judge(AlertObjectives.fires("APIDown", Map.of(), Duration.ofSeconds(10)));
        assertThat(late.passed()).isFalse();
        assertThat(late.message()).contains("fired 12.0 s").contains("but was never delivered").contains("missed");
    }

    @Test
    void anAlertThatNeverFiresIsExplainedByItsRuleAndLastValue() {
        watched();
        timeline.mark(Marker.DISRUPTION, "kill");
        ObjectiveResult r = judge(AlertObjectives.fires("APIDown", Map.of(), Duration.ofSeconds(10)));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("APIDown never fired").contains("up{job=\"ledger\"} == 0 for 5s")
                .contains("last returned no series");
        ObjectiveResult unknown = judge(AlertObjectives.fires("APIDwn", Map.of(), Duration.ofSeconds(10)));
        assertThat(unknown.message()).contains("no alerting rule named APIDwn").contains("[APIDown]");
    }

    @Test
    void labelsMustMatch() {
        watched();
        timeline.mark(Marker.DISRUPTION, "kill");
        clock.advance(Duration.ofSeconds(1));
        note(AlertEvent.Source.PROMETHEUS, "firing");
        note(AlertEvent.Source.DELIVERED, "firing");
        assertThat(judge(AlertObjectives.fires("APIDown", Map.of("severity", "warning"), Duration.ofSeconds(10))).passed()).isFalse();
        assertThat(judge(AlertObjectives.fires("APIDown", Map.of("severity", "critical"), Duration.ofSeconds(10))).passed()).isTrue();
    }

    @Test
    void withoutAWatchNothingCanBeJudged() {
        timeline.mark(Marker.DISRUPTION, "kill");
        ObjectiveResult r = judge(AlertObjectives.fires("APIDown", Map.of(), Duration.ofSeconds(10)));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("no alert watch ran").contains("probe: alerts");
    }

    @Test
    void resolvesIsMeasuredFromTheRecovery() {
        watched();
        timeline.mark(Marker.DISRUPTION, "kill");
        clock.advance(Duration.ofSeconds(6));
        note(AlertEvent.Source.PROMETHEUS, "firing");
        note(AlertEvent.Source.DELIVERED, "firing");
        clock.advance(Duration.ofSeconds(10));
        timeline.mark(Marker.RECOVERED, "");
        clock.advance(Duration.ofSeconds(2));
        note(AlertEvent.Source.PROMETHEUS, "resolved");
        clock.advance(Duration.ofSeconds(1));
        note(AlertEvent.Source.DELIVERED, "resolved");
        ObjectiveResult r = judge(AlertObjectives.resolves("APIDown", Map.of(), Duration.ofSeconds(5)));
        assertThat(r.passed()).as(r.message()).isTrue();
        assertThat(r.measured()).isEqualTo("2000");
        assertThat(judge(AlertObjectives.resolves("APIDown", Map.of(), Duration.ofMillis(2500))).passed()).isFalse();
    }

    @Test
    void stillFiringAtTheEndMissesResolves() {
        watched();
        timeline.mark(Marker.DISRUPTION, "kill");
        clock.advance(Duration.ofSeconds(6));
        note(AlertEvent.Source.PROMETHEUS, "firing");
        timeline.mark(Marker.RECOVERED, "");
        ObjectiveResult r = judge(AlertObjectives.resolves("APIDown", Map.of(), Duration.ofSeconds(5)));
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("still firing");
    }

    @Test
    void noAlertAllowsPendingButNotFiring() {
        watched();
        clock.advance(Duration.ofSeconds(1));
        note(AlertEvent.Source.PROMETHEUS, "pending");
        note(AlertEvent.Source.PROMETHEUS, "inactive");
        ObjectiveResult quiet = judge(AlertObjectives.noAlert(null, Map.of()));
        assertThat(quiet.passed()).as(quiet.message()).isTrue();
        assertThat(quiet.message()).contains("pending 1 time");
        note(AlertEvent.Source.PROMETHEUS, "firing");
        ObjectiveResult paged = judge(AlertObjectives.noAlert("APIDown", Map.of()));
        assertThat(paged.passed()).isFalse();
        assertThat(paged.message()).contains("APIDown paged: prometheus: APIDown{job=\"ledger\",severity=\"critical\"} firing");
        assertThat(judge(AlertObjectives.noAlert("HighCPU", Map.of())).passed()).isTrue();
    }

    @Test
    void alertNotesReadBack() {
        AlertEvent e = new AlertEvent(AlertEvent.Source.DELIVERED, "APIDown", Map.of("summary", "say \"hi\", then {x}"), "resolved");
        assertThat(AlertEvent.parse(e.detail())).isEqualTo(e);
        assertThat(e.detail()).isEqualTo("delivered: APIDown{summary=\"say \\\"hi\\\", then {x}\"} resolved");
    }
}
