package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The management sign-off of a sealed run: an addendum in {@code <run>/sign-off/}, never a change to the sealed files.
 * {@code sign-off.json} says who signed off and when, the business impact analysis reference, each deficiency's
 * remediation owner and due date, and binds all of it to the run by the SHA-256 of the run's {@code manifest.sha256};
 * it also holds the SHA-256 of the signed-off exercise report rendered beside it ({@code exercise-report.html}, and
 * {@code exercise-report.pdf} when Chromium printed one). With a signing key configured, {@code sign-off.sig} is its
 * Ed25519 signature. {@code ./drill verify} checks the addendum with the bundle.
 *
 * <p>Example: {@code SignOff.of(runFolder, "J. Doe, Head of IT operations", LocalDate.now(), "BIA-2026 §4", Map.of("D09", "db-team"), Map.of(), null)}
 *
 * @param run          the run's id
 * @param manifest     SHA-256 (hex) of the run's {@code manifest.sha256}: what was signed off
 * @param by           who signs off (name and role)
 * @param date         the date of the sign-off
 * @param exerciseOwner who owned the exercise, or null
 * @param bia          the business impact analysis reference of the exercise, or null
 * @param owners       drill id to the remediation owner of its deficiencies
 * @param due          drill id to the date its deficiencies are due to be fixed
 * @param comment      what management adds, or null
 * @param files        file name in the addendum to its SHA-256, for the rendered report(s)
 * @param at           when the addendum was written
 */
public record SignOff(String run, String manifest, String by, LocalDate date, String exerciseOwner, String bia,
        Map<String, String> owners, Map<String, LocalDate> due, String comment, Map<String, String> files, Instant at) {

    public static final String FOLDER = "sign-off";
    public static final String FILE = "sign-off.json";
    public static final String SIGNATURE = "sign-off.sig";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SignOff {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("A sign-off names who signs off (--by \"name, role\")");
        }
        owners = Map.copyOf(owners);
        due = Map.copyOf(due);
        files = Map.copyOf(files);
    }

    /** Whether {@code folder} (a run) carries a sign-off. */
    public static boolean present(Path runFolder) {
        return Files.isRegularFile(runFolder.resolve(FOLDER).resolve(FILE));
    }

    /** The sign-off of a run, if it has one. */
    public static Optional<SignOff> read(Path runFolder) {
        Path file = runFolder.resolve(FOLDER).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(JSON.readTree(file.toFile())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The sign-off " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 (hex) of the run's manifest: the run must be sealed. */
    static String manifestHash(Path runFolder) {
        Path manifest = runFolder.resolve(EvidenceBundle.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException(runFolder + " has no " + EvidenceBundle.MANIFEST + ": only a finished, sealed run is"
                    + " signed off (a run folder under reports/ is sealed when its run ends)");
        }
        try {
            return SigningKeys.sha256Hex(Files.readAllBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + manifest + ": " + e, e);
        }
    }

    /**
     * Writes the addendum: the signed-off exercise report (and its PDF when {@code pdf} prints one), then
     * {@code sign-off.json} with their hashes, then its signature when {@code key} is present. Refuses a run already
     * signed off: a sign-off is not edited (remove {@code sign-off/} by hand to redo one, and say why).
     */
    public static SignOff write(Path runFolder, SignOff draft, Optional<PrivateKey> key, Optional<Chromium> pdf) {
        Path folder = runFolder.resolve(FOLDER);
        if (present(runFolder)) {
            throw new IllegalArgumentException(runFolder + " is signed off already (" + folder.resolve(FILE) + "); a sign-off is"
                    + " not edited: remove " + folder + " to sign off again");
        }
        String hash = manifestHash(runFolder);
        if (!hash.equals(draft.manifest())) {
            throw new IllegalArgumentException("The sign-off is for manifest " + draft.manifest() + ", the run's is " + hash);
        }
        Path html = RunFolder.writeAtomically(folder.resolve(ExerciseReport.FILE), ExerciseReport.render(SummaryPage.evidence(runFolder, "signed-off exercise report"),
                runFolder, Optional.of(draft)));
        Map<String, String> files = new TreeMap<>();
        files.put(ExerciseReport.FILE, sha256(html));
        if (pdf.isPresent()) {
            Path printed = pdf.get().printToPdf(html, folder.resolve(ExerciseReport.PDF));
            files.put(ExerciseReport.PDF, sha256(printed));
        }
        SignOff done = new SignOff(draft.run(), draft.manifest(), draft.by(), draft.date(), draft.exerciseOwner(), draft.bia(),
                draft.owners(), draft.due(), draft.comment(), files, draft.at());
        String json = done.toJson();
        RunFolder.writeAtomically(folder.resolve(FILE), json);
        key.ifPresent(k -> RunFolder.writeAtomically(folder.resolve(SIGNATURE),
                SigningKeys.sign(k, json.getBytes(StandardCharsets.UTF_8)) + "\n"));
        return done;
    }

    /**
     * What is wrong with the sign-off of {@code runFolder} (none: an empty list): bound to another manifest, a rendered
     * report changed, or (with {@code trusted}) a signature missing or not by that key.
     */
    public static List<String> problems(Path runFolder, PublicKey trusted) {
        List<String> p = new ArrayList<>();
        Optional<SignOff> s = read(runFolder);
        if (s.isEmpty()) {
            return p;
        }
        Path folder = runFolder.resolve(FOLDER);
        if (!s.get().manifest().equals(manifestHash(runFolder))) {
            p.add("sign-off: it signs off another " + EvidenceBundle.MANIFEST + " than this run's");
        }
        s.get().files().forEach((name, hash) -> {
            Path f = folder.resolve(name);
            if (!Files.isRegularFile(f)) {
                p.add("sign-off: missing " + FOLDER + "/" + name);
            } else if (!sha256(f).equals(hash)) {
                p.add("sign-off: changed " + FOLDER + "/" + name);
            }
        });
        Path sig = folder.resolve(SIGNATURE);
        if (!Files.isRegularFile(sig)) {
            p.add("sign-off: unsigned (no " + FOLDER + "/" + SIGNATURE + ")");
        } else {
            try {
                byte[] json = Files.readAllBytes(folder.resolve(FILE));
                if (!SigningKeys.verify(trusted, json, Files.readString(sig, StandardCharsets.US_ASCII))) {
                    p.add("sign-off: " + SIGNATURE + " is not a signature of " + FILE + " by the given key");
                }
            } catch (IOException e) {
                p.add("sign-off: could not read it: " + e);
            }
        }
        return p;
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("manifest_sha256", manifest);
        m.put("signed_off_by", by);
        m.put("date", date.toString());
        m.put("exercise_owner", exerciseOwner);
        m.put("bia", bia);
        m.put("remediation_owners", new TreeMap<>(owners));
        Map<String, String> dueText = new TreeMap<>();
        due.forEach((d, when) -> dueText.put(d, when.toString()));
        m.put("remediation_due", dueText);
        m.put("comment", comment);
        m.put("files_sha256", new TreeMap<>(files));
        m.put("written_at", at.toString());
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the sign-off: " + e.getMessage(), new IOException(e));
        }
    }

    static SignOff fromJson(JsonNode n) {
        Map<String, String> owners = new TreeMap<>();
        n.path("remediation_owners").fields().forEachRemaining(e -> owners.put(e.getKey(), e.getValue().asText()));
        Map<String, LocalDate> due = new TreeMap<>();
        n.path("remediation_due").fields().forEachRemaining(e -> due.put(e.getKey(), LocalDate.parse(e.getValue().asText())));
        Map<String, String> files = new TreeMap<>();
        n.path("files_sha256").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        return new SignOff(n.path("run").asText(), n.path("manifest_sha256").asText(), n.path("signed_off_by").asText(),
                LocalDate.parse(n.path("date").asText()), text(n, "exercise_owner"), text(n, "bia"), owners, due, text(n, "comment"),
                files, Instant.parse(n.path("written_at").asText()));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static String sha256(Path file) {
        try {
            return SigningKeys.sha256Hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e, e);
        }
    }
}
