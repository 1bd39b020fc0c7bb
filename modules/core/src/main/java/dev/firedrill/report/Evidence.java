package dev.firedrill.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.DrillResult;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Recovery;
import dev.firedrill.ReleaseChange;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.StepRecord;
import dev.firedrill.TimePoint;
import dev.firedrill.measure.EvidenceFigures;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The records of {@code evidence.json} ({@code docs/evidence.md}), field for field and in that order: times in
 * UTC ISO-8601, durations in milliseconds, counts as integers, explicit nulls where not applicable. The
 * measured figures (of the main path, and per path under {@code paths}) come from {@link EvidenceFigures}.
 * An objective's {@code target} and {@code measured} are written as the {@link ObjectiveResult}
 * holds them (text such as {@code "≤ 45000"} and {@code "12345"}, in its {@code unit}), since a
 * target carries its comparison.
 *
 * <p>Example: {@code Evidence.toJson(Evidence.drill(run, result, artifacts), secrets)}.
 */
public final class Evidence {

    /** Key of the RTO target in {@link DrillArtifacts#targets()}, in milliseconds. */
    public static final String RTO_TARGET_MS = "rto_target_ms";
    /** Key of the TTR target in {@link DrillArtifacts#targets()}, in milliseconds. */
    public static final String TTR_TARGET_MS = "ttr_target_ms";
    /** Key of the RPO target in lost writes in {@link DrillArtifacts#targets()}. */
    public static final String RPO_TARGET_WRITES = "rpo_target_writes";
    /** Key of the RPO window target in {@link DrillArtifacts#targets()}, in milliseconds. */
    public static final String RPO_TARGET_MS = "rpo_target_ms";

    /** Each target's place in a drill record: just before the figure it bounds. */
    private static final Map<String, String> TARGET_BEFORE = Map.of("rto_ms", RTO_TARGET_MS, "ttr_ms", TTR_TARGET_MS,
            "rpo_lost_writes", RPO_TARGET_WRITES, "rpo_window_ms", RPO_TARGET_MS);

    /** The path whose figures are the drill's unless there is none ({@code docs/evidence.md}). */
    public static final String MAIN_PATH = "write";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Evidence() {
    }

    /** The {@code run} object; {@code finishedAt} null while the run is still going. */
    public static Map<String, Object> run(RunInfo run, Instant finishedAt) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", run.id());
        r.put("started_at", iso(run.startedAt()));
        r.put("finished_at", iso(finishedAt));
        r.put("commit", run.commit());
        r.put("host", run.host());
        r.put("engine", run.engine());
        r.put("images", new TreeMap<>(run.images()));
        r.put("suite", run.suite());
        r.put("shard", run.shard() == null ? null : run.shard().toString());
        r.put("shard_units", run.shard() == null ? null : run.shardUnits());
        r.put("shards", null);   // a merged run's shards (ShardMerge)
        return r;
    }

    /** One entry of {@code drills}; file paths relative to the run folder where they lie under it. */
    public static Map<String, Object> drill(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
        DrillArtifacts a = artifacts == null ? DrillArtifacts.none() : artifacts;
        DrillMeasurements m = result.measurements();
        EvidenceFigures f = EvidenceFigures.of(mainRecovery(m).orElse(null), m.ledger());

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("drill", result.drillId());
        d.put("title", result.title());
        d.put("suites", List.copyOf(result.suites()));
        d.put("unit", a.unit());
        d.put("runbook", result.runbook());
        d.put("verdict", result.verdict().id());
        d.put("reason", result.reason());
        // The measured figures in their order, each target just before the figure it bounds.
        f.asEvidenceFields().forEach((name, value) -> {
            String target = TARGET_BEFORE.get(name);
            if (target != null) {
                d.put(target, a.targets().get(target));
            }
            d.put(name, value);
        });
        d.put("recovered_by_itself", recoveredByItself(m));
        d.put("paths", EvidenceFigures.paths(m));
        d.put("objectives", objectives(result.objectives()));
        d.put("resolved_targets", resolvedTargets(m.timeline()));
        d.put("monitoring", monitoring(m.timeline()));
        d.put("restore_targets", restoreTargets(run, m.timeline()));
        d.put("releases", releases(m.timeline()));
        d.put("bia", result.exercise().bia());
        d.put("remediation_owner", result.exercise().remediationOwner());
        d.put("steps", steps(run, result.steps(), a));
        d.put("ledger_file", file(run, a.ledgerFile()));
        d.put("timeline_file", file(run, a.timelineFile()));
        d.put("started_at", iso(result.startedAt()));
        d.put("finished_at", iso(result.finishedAt()));
        return d;
    }

    /**
     * Whether the system recovered with no recovery step (TTR does not apply): true when a fault disrupted it, no
     * recovery step started and the main path recovered; false when a step started; null when nothing was disrupted or
     * it never recovered.
     */
    public static Boolean recoveredByItself(DrillMeasurements m) {
        if (m.timeline().first(dev.firedrill.Marker.DISRUPTION).isEmpty()) {
            return null;
        }
        if (m.timeline().first(dev.firedrill.Marker.RECOVERY_STARTED).isPresent()) {
            return false;
        }
        return mainRecovery(m).filter(RecoveryMeasurement::recovered).isPresent() ? Boolean.TRUE : null;
    }

    /** The whole document: {@code {"run": ..., "drills": [...]}}. */
    public static Map<String, Object> document(Map<String, Object> run, List<Map<String, Object>> drills) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", run);
        doc.put("drills", List.copyOf(drills));
        return doc;
    }

    /** The recovery measurement whose figures are the drill's: the write path's, else the first measured path's. */
    public static Optional<RecoveryMeasurement> mainRecovery(DrillMeasurements m) {
        RecoveryMeasurement write = m.recoveryByPath().get(MAIN_PATH);
        if (write != null) {
            return Optional.of(write);
        }
        return m.recoveryByPath().values().stream().findFirst();
    }

    /**
     * The evidence targets ({@link #RTO_TARGET_MS}, {@link #TTR_TARGET_MS}, {@link #RPO_TARGET_WRITES},
     * {@link #RPO_TARGET_MS}) read from judged objectives of {@code dev.firedrill.measure.Slos}, for
     * {@link DrillArtifacts#targets()}: RTO and TTR of the write path (else of the first path that has
     * one), the allowed lost writes ({@code rpo-lost-writes}, else 0 from {@code no-acknowledged-writes-lost})
     * and the RPO window. Targets the drill does not set are absent.
     *
     * <p>Example: {@code new DrillArtifacts(ledger, timeline, outputs, logs, Evidence.targetsFrom(result.objectives()))}.
     */
    public static Map<String, Long> targetsFrom(List<ObjectiveResult> objectives) {
        Map<String, Long> rtoByPath = new LinkedHashMap<>();
        Map<String, Long> ttrByPath = new LinkedHashMap<>();
        Long lostWrites = null;
        Long noneLost = null;
        Long window = null;
        for (ObjectiveResult o : objectives) {
            Long value = targetValue(o.target());
            if (value == null) {
                continue;
            }
            String name = o.name();
            if (name.startsWith("rto(") && name.endsWith(")")) {
                rtoByPath.putIfAbsent(name.substring(4, name.length() - 1), value);
            } else if (name.startsWith("ttr(") && name.endsWith(")")) {
                ttrByPath.putIfAbsent(name.substring(4, name.length() - 1), value);
            } else if (name.equals("rpo-lost-writes")) {
                lostWrites = value;
            } else if (name.equals("no-acknowledged-writes-lost")) {
                noneLost = value;
            } else if (name.equals("rpo-window")) {
                window = value;
            }
        }
        Map<String, Long> targets = new LinkedHashMap<>();
        mainPathValue(rtoByPath).ifPresent(v -> targets.put(RTO_TARGET_MS, v));
        mainPathValue(ttrByPath).ifPresent(v -> targets.put(TTR_TARGET_MS, v));
        Long writes = lostWrites != null ? lostWrites : noneLost;
        if (writes != null) {
            targets.put(RPO_TARGET_WRITES, writes);
        }
        if (window != null) {
            targets.put(RPO_TARGET_MS, window);
        }
        return targets;
    }

    private static Optional<Long> mainPathValue(Map<String, Long> byPath) {
        Long main = byPath.get(MAIN_PATH);
        return main != null ? Optional.of(main) : byPath.values().stream().findFirst();
    }

    /** "≤ 45000" → 45000; null when the target holds no whole number. */
    private static Long targetValue(String target) {
        String digits = target.replaceFirst("^[^0-9-]*", "").strip();
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Pretty JSON of {@code value} with every string passed through {@link Secrets#mask}. */
    public static String toJson(Object value, Collection<String> secretValues) {
        try {
            return JSON.writeValueAsString(masked(value, secretValues)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not write evidence as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The path as written in evidence: relative to the run folder (with '/') when under it, else as given. */
    public static String file(RunInfo run, Path file) {
        if (file == null) {
            return null;
        }
        Path shown = file.normalize();
        if (run.folder() != null) {
            Path base = run.folder().toAbsolutePath().normalize();
            Path absolute = file.toAbsolutePath().normalize();
            if (absolute.startsWith(base)) {
                shown = base.relativize(absolute);
            }
        }
        return shown.toString().replace('\\', '/');
    }

    static String iso(TimePoint t) {
        return t == null ? null : t.wall().toString();
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static List<Map<String, Object>> objectives(List<ObjectiveResult> objectives) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ObjectiveResult o : objectives) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", o.name());
            m.put("phase", o.phase());
            m.put("target", o.target());
            m.put("measured", o.measured());
            m.put("unit", o.unit());
            m.put("passed", o.passed());
            m.put("source", o.source());
            out.add(m);
        }
        return out;
    }

    /**
     * What the drill's alert watch saw, or null when none ran: {@code settings} (as written or scaled, and how delivery
     * was observed), {@code rules} (each alerting rule as loaded), and {@code alerts}, every change in time order:
     * {@code alert}, {@code labels}, {@code seen_by} (prometheus, delivered, alertmanager), {@code state}, {@code at}.
     */
    static Map<String, Object> monitoring(dev.firedrill.Timeline timeline) {
        dev.firedrill.monitoring.AlertHistory history = dev.firedrill.monitoring.AlertHistory.of(timeline);
        if (!history.watched()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("settings", history.settings().orElse(null));
        out.put("rules", history.ruleNames().stream().map(n -> n + ": " + history.rule(n).orElse("")).toList());
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (dev.firedrill.monitoring.AlertHistory.Change c : history.changes(null, Map.of())) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("alert", c.event().alert());
            a.put("labels", new java.util.TreeMap<>(c.event().labels()));
            a.put("seen_by", c.event().source().id());
            a.put("state", c.event().state());
            a.put("at", iso(c.at()));
            alerts.add(a);
        }
        out.put("alerts", alerts);
        return out;
    }

    /**
     * The targets selectors named when their faults acted ({@code target-resolved} notes): {@code selector},
     * {@code service}, {@code why} (each candidate's answer, or the seed of a random pick), {@code at}.
     */
    private static List<Map<String, Object>> resolvedTargets(dev.firedrill.Timeline timeline) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (dev.firedrill.TimelineEvent e : timeline.events()) {
            int arrow = e.detail() == null ? -1 : e.detail().indexOf(" -> ");
            if (e.marker() != null || !dev.firedrill.DrillRunner.TARGET_RESOLVED.equals(e.kind()) || arrow < 0) {
                continue;
            }
            String rest = e.detail().substring(arrow + 4);
            int paren = rest.indexOf(" (");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("selector", e.detail().substring(0, arrow));
            m.put("service", paren < 0 ? rest : rest.substring(0, paren));
            m.put("why", paren < 0 || !rest.endsWith(")") ? null : rest.substring(paren + 2, rest.length() - 1));
            m.put("at", iso(e.at()));
            out.add(m);
        }
        return out;
    }

    /**
     * What release steps changed ({@link ReleaseChange#NOTE} notes), in time order: {@code subject} (a service, an image
     * tag, a database's schema), {@code before}, {@code after} (images as {@code reference@id}, revisions), {@code step}, {@code at}.
     */
    private static List<Map<String, Object>> releases(dev.firedrill.Timeline timeline) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (dev.firedrill.TimelineEvent e : timeline.events()) {
            if (e.marker() == null && ReleaseChange.NOTE.equals(e.kind())) {
                ReleaseChange.ofDetail(e.detail()).ifPresent(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("subject", c.subject());
                    m.put("before", c.before());
                    m.put("after", c.after());
                    m.put("step", c.step());
                    m.put("at", iso(e.at()));
                    out.add(m);
                });
            }
        }
        return out;
    }

    /** The servers restores filled ({@link Recovery.RestoreTarget#NOTE} notes), each with the image the run recorded for it. */
    private static List<Map<String, Object>> restoreTargets(RunInfo run, dev.firedrill.Timeline timeline) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (dev.firedrill.TimelineEvent e : timeline.events()) {
            if (e.marker() == null && Recovery.RestoreTarget.NOTE.equals(e.kind())) {
                Recovery.RestoreTarget.ofDetail(e.detail()).ifPresent(t -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("service", t.service());
                    m.put("how", t.how());
                    m.put("image", run.images().get(t.service()));
                    m.put("at", iso(e.at()));
                    out.add(m);
                });
            }
        }
        return out;
    }

    private static List<Map<String, Object>> steps(RunInfo run, List<StepRecord> steps, DrillArtifacts a) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            StepRecord s = steps.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("started_at", iso(s.startedAt()));
            m.put("finished_at", iso(s.finishedAt()));
            m.put("outcome", s.outcome());
            m.put("output_file", file(run, a.stepOutputs().get(DrillArtifacts.stepKey(steps, i))));
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object masked(Object value, Collection<String> secrets) {
        if (value instanceof String s) {
            return Secrets.mask(s, secrets);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, masked(v, secrets)));
            return out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object v : c) {
                out.add(masked(v, secrets));
            }
            return out;
        }
        return value;
    }
}
