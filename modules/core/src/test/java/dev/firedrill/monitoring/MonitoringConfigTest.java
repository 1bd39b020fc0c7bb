package dev.firedrill.monitoring;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonitoringConfigTest {

    private static final String RULES = """
            groups:
              - name: atlas_alerts
                interval: 30s
                rules:
                  - alert: HighCPU
                    expr: rate(process_cpu_seconds_total{job="ledger"}[5m]) > 0.9
                    for: 5m
                  - alert: APIDown
                    expr: up{job="ledger"} == 0
                    for: 1m
                    labels: {severity: critical}
            """;

    private static final String PROMETHEUS = """
            global:
              scrape_interval: 15s
              evaluation_interval: 30s
            rule_files: [alert-rules.yml]
            alerting:
              alertmanagers:
                - static_configs: [{targets: ["alertmanager:9093"]}]
            scrape_configs:
              - job_name: ledger
                static_configs: [{targets: ["ledger:8080"]}]
              - job_name: slow
                scrape_interval: 1m
                scrape_timeout: 30s
                static_configs: [{targets: ["slow:9000"]}]
            """;

    private static com.fasterxml.jackson.databind.JsonNode yaml(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rulesAsWrittenAreLeftAlone() {
        MonitoringConfig.RuleFile r = MonitoringConfig.rules(RULES, "rules.yml", "firedrill-rules.yml", MonitoringSettings.asShipped());
        assertThat(RuleHolds.of(r.text(), "x")).containsEntry("APIDown", Duration.ofMinutes(1)).containsEntry("HighCPU", Duration.ofMinutes(5));
        assertThat(r.text()).contains("interval: 30s");
        assertThat(r.changes()).isEmpty();
    }

    @Test
    void aSpeedUpDividesEveryHoldAndGroupInterval() {
        MonitoringConfig.RuleFile r = MonitoringConfig.rules(RULES, "rules.yml", "f.yml", MonitoringSettings.asShipped().spedUp(12));
        assertThat(RuleHolds.of(r.text(), "x")).containsEntry("APIDown", Duration.ofSeconds(5)).containsEntry("HighCPU", Duration.ofSeconds(25));
        assertThat(r.text()).contains("interval: 2500ms").contains("severity: critical");
        assertThat(yaml(r.text()).at("/groups/0/rules/1/expr").asText()).isEqualTo("up{job=\"ledger\"} == 0");
        assertThat(r.changes()).containsExactly("HighCPU for 5m -> 25s", "APIDown for 1m -> 5s");
    }

    @Test
    void anEvaluationIntervalSetsEveryGroup() {
        MonitoringConfig.RuleFile r = MonitoringConfig.rules(RULES, "rules.yml", "f.yml",
                MonitoringSettings.asShipped().every(Duration.ofSeconds(1)));
        assertThat(r.text()).contains("interval: 1s");
        assertThat(RuleHolds.of(r.text(), "x")).containsEntry("APIDown", Duration.ofMinutes(1));
    }

    @Test
    void prometheusGetsTheIntervalsEverywhereAndTimeoutsWithinThem() {
        String out = MonitoringConfig.prometheus(PROMETHEUS, "p.yml", MonitoringSettings.asShipped().every(Duration.ofSeconds(1)),
                List.of("firedrill-alert-rules.yml"));
        assertThat(out).contains("scrape_interval: 1s").contains("evaluation_interval: 1s").contains("scrape_timeout: 1s")
                .doesNotContain("1m").doesNotContain("30s").contains("- firedrill-alert-rules.yml").doesNotContain("- alert-rules.yml")
                .contains("alertmanager:9093");
    }

    @Test
    void alertmanagerDeliversToTheReceiverBesideTheTeamsOwnRoutes() {
        String team = """
                route:
                  receiver: oncall
                  group_by: [alertname]
                  group_wait: 30s
                receivers:
                  - name: oncall
                    pagerduty_configs: [{routing_key: abc}]
                """;
        String out = MonitoringConfig.alertmanager(team, "am.yml", MonitoringSettings.asShipped().grouping(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                "http://172.18.0.1:40000/alerts");
        assertThat(out).contains("receiver: oncall").contains("group_wait: 1s").contains("group_interval: 2s")
                .contains("url: http://172.18.0.1:40000/alerts").contains("send_resolved: true").contains("continue: true")
                .contains("routing_key: abc");
        assertThat(out.indexOf("receiver: firedrill")).isGreaterThan(out.indexOf("routes"));
    }

    @Test
    void alertmanagerWhoseReceiverIsOursOnlyGetsTheUrl() {
        String shipped = """
                route: {receiver: firedrill}
                receivers:
                  - name: firedrill
                    webhook_configs: [{url: "http://placeholder.invalid/alerts"}]
                """;
        String out = MonitoringConfig.alertmanager(shipped, "am.yml", MonitoringSettings.asShipped(), "http://10.0.0.1:1234/alerts");
        assertThat(out).contains("http://10.0.0.1:1234/alerts").doesNotContain("placeholder").doesNotContain("continue");
    }

    @Test
    void aFileThatIsNotYamlIsNamed() {
        assertThatThrownBy(() -> MonitoringConfig.rules("groups: [", "drills/monitoring/bad.yml", "b", MonitoringSettings.asShipped()))
                .hasMessageContaining("drills/monitoring/bad.yml is not valid YAML");
        assertThatThrownBy(() -> MonitoringConfig.rules("groups: [{name: g, rules: [{alert: A, expr: up, for: 1 minute}]}]", "r.yml", "b",
                MonitoringSettings.asShipped().spedUp(2))).hasMessageContaining("'1 minute' is not a Prometheus duration");
    }

    @Test
    void settingsSayWhatTheyChanged() {
        assertThat(MonitoringSettings.asShipped().describe()).isEqualTo("rules as written; scrape as written; evaluation as written");
        assertThat(MonitoringSettings.asShipped().every(Duration.ofSeconds(1)).spedUp(12).describe())
                .startsWith("rules sped up 12x").contains("scrape every 1s; evaluation every 1s");
        assertThatThrownBy(() -> MonitoringSettings.asShipped().spedUp(0.5)).hasMessageContaining("speed-up is 1");
    }

    @Test
    void durationsReadAndWriteAsPrometheusDoes() {
        assertThat(PromDuration.parse("1h30m", "x")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PromDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(PromDuration.format(Duration.ofMillis(2500))).isEqualTo("2500ms");
        assertThat(PromDuration.format(Duration.ofSeconds(5))).isEqualTo("5s");
    }
}
