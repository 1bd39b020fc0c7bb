package dev.firedrill.report;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code ./drill verify <bundle dir> --public-key <pem>}, {@code ./drill keygen <private pem> <public pem>} and
 * {@code ./drill sign-off <run dir> --by "name, role" ...} (see {@link #SIGN_OFF_USAGE}).
 * Exit codes: 0 verified (or keys written, or signed off), 1 verification failed, 2 wrong usage or unreadable input.
 */
public final class BundleCommands {

    private BundleCommands() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            if (args.isEmpty()) {
                err.println("usage: verify <bundle dir> --public-key <public key PEM> | keygen <private key PEM> <public key PEM> | "
                        + SIGN_OFF_USAGE + " | " + MERGE_USAGE);
                return 2;
            }
            return switch (args.get(0)) {
                case "verify" -> verify(args.subList(1, args.size()), out, err);
                case "keygen" -> keygen(args.subList(1, args.size()), out, err);
                case "sign-off" -> signOff(args.subList(1, args.size()), out, err);
                case "merge" -> merge(args.subList(1, args.size()), out, err);
                default -> {
                    err.println("unknown command '" + args.get(0) + "': valid ones are verify, keygen, sign-off and merge");
                    yield 2;
                }
            };
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static int verify(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 3 || !args.get(1).equals("--public-key")) {
            err.println("usage: verify <bundle dir> --public-key <public key PEM> (the key you trust, never one from the bundle)");
            return 2;
        }
        Path dir = Path.of(args.get(0));
        if (!Files.isDirectory(dir)) {
            err.println("Bundle folder " + dir + " does not exist or is no folder");
            return 2;
        }
        PublicKey trusted = SigningKeys.readPublic(Path.of(args.get(2)));
        EvidenceBundle.Verification v = EvidenceBundle.verify(dir, trusted);
        List<String> problems = new ArrayList<>(v.problems());
        problems.addAll(SignOff.problems(dir, trusted));
        if (problems.isEmpty()) {
            out.println("verified: " + v.filesChecked() + " files match " + EvidenceBundle.MANIFEST + ", signed by the given key"
                    + SignOff.read(dir).map(so -> "; signed off by " + so.by() + " on " + so.date() + " (" + SignOff.FOLDER + "/, signed by the given key)")
                            .orElse("; not signed off"));
            return 0;
        }
        err.println("verification FAILED for " + dir + ":");
        problems.forEach(p -> err.println("  " + p));
        return 1;
    }

    static final String MERGE_USAGE = "merge <shard run folder>... --out <new run folder> --public-key <public key PEM>";

    /**
     * Merges the sealed runs of a suite's shards into one run ({@link ShardMerge}), signed with the configured key.
     * Exit 0: merged and every drill passed (or failed as it must) and the RTO gate held; 1: merged, but a drill did not
     * pass, the gate missed, or nothing was drilled; 2: not merged (a shard missing, tampered, duplicated, of another suite).
     */
    private static int merge(List<String> args, PrintStream out, PrintStream err) {
        List<Path> shards = new ArrayList<>();
        Path target = null;
        Path publicKey = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--out") || a.equals("--public-key")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(a + " needs a value; usage: " + MERGE_USAGE);
                }
                Path value = Path.of(args.get(++i));
                if (a.equals("--out")) {
                    target = value;
                } else {
                    publicKey = value;
                }
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option '" + a + "'; usage: " + MERGE_USAGE);
            } else {
                shards.add(Path.of(a));
            }
        }
        if (target == null || publicKey == null || shards.isEmpty()) {
            err.println("usage: " + MERGE_USAGE + " (the shards' runs, e.g. reports/shard-*/; the key you trust, never one from a bundle)");
            return 2;
        }
        PublicKey trusted = SigningKeys.readPublic(publicKey);
        Optional<java.security.PrivateKey> key = SigningKeys.configured(System.getenv(), System.getProperties());
        ShardMerge.Result r = ShardMerge.merge(shards, target, trusted, key, Secrets.valuesOf(System.getenv()));
        out.print(RunFolderText.read(target.resolve("summary.txt")));
        out.println("merged " + shards.size() + " shards into " + target + (key.isPresent() ? " (signed; check with ./drill verify "
                + target + " --public-key <key>)" : " (UNSIGNED: no signing key configured, -D" + SigningKeys.KEY_PROPERTY
                + " or " + SigningKeys.KEY_VARIABLE + "; ./drill verify will fail)"));
        return r.passed() ? 0 : 1;
    }

    /** A text file read whole, empty when unreadable (the summary the merge just wrote). */
    private static final class RunFolderText {
        static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (java.io.IOException e) {
                return "";
            }
        }
    }

    static final String SIGN_OFF_USAGE = "sign-off <run dir> --by \"name, role\" [--date YYYY-MM-DD] [--exercise-owner NAME]"
            + " [--bia REFERENCE] [--owner DRILL=OWNER]... [--due DRILL=YYYY-MM-DD]... [--comment TEXT] [--no-pdf]";

    /**
     * Signs off a sealed run: writes the addendum {@code sign-off/} (see {@link SignOff}) with the exercise report filled
     * in, printed to PDF when Chromium is installed (unless {@code --no-pdf}), signed with the configured key if any.
     */
    private static int signOff(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            err.println("usage: " + SIGN_OFF_USAGE);
            return 2;
        }
        Path dir = Path.of(args.get(0));
        if (!Files.isDirectory(dir)) {
            err.println("Run folder " + dir + " does not exist or is no folder (runs are under reports/, e.g. reports/latest)");
            return 2;
        }
        String by = null;
        String exerciseOwner = null;
        String bia = null;
        String comment = null;
        LocalDate date = LocalDate.now(ZoneOffset.UTC);
        Map<String, String> owners = new TreeMap<>();
        Map<String, java.time.LocalDate> due = new TreeMap<>();
        boolean pdf = true;
        for (int i = 1; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--no-pdf")) {
                pdf = false;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value; usage: " + SIGN_OFF_USAGE);
            }
            String value = args.get(++i);
            switch (flag) {
                case "--by" -> by = value;
                case "--exercise-owner" -> exerciseOwner = value;
                case "--bia" -> bia = value;
                case "--comment" -> comment = value;
                case "--date" -> date = date(value, flag);
                case "--owner" -> owners.put(drillOf(value, flag), value.substring(value.indexOf('=') + 1));
                case "--due" -> due.put(drillOf(value, flag), date(value.substring(value.indexOf('=') + 1), flag));
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'; usage: " + SIGN_OFF_USAGE);
            }
        }
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("--by is required: who signs off, e.g. --by \"J. Doe, Head of IT operations\"");
        }
        com.fasterxml.jackson.databind.JsonNode evidence = SummaryPage.evidence(dir, "sign-off");
        Set<String> drills = new TreeSet<>();
        evidence.path("drills").forEach(d -> drills.add(d.path("drill").asText()));
        Set<String> named = new TreeSet<>(owners.keySet());
        named.addAll(due.keySet());
        for (String drill : named) {
            if (!drills.contains(drill)) {
                throw new IllegalArgumentException("drill '" + drill + "' is not in run " + dir + "; its drills: " + String.join(", ", drills));
            }
        }
        Optional<java.security.PrivateKey> key = SigningKeys.configured(System.getenv(), System.getProperties());
        Optional<Chromium> printer = pdf ? Chromium.find() : Optional.empty();
        SignOff draft = new SignOff(evidence.path("run").path("id").asText(), SignOff.manifestHash(dir), by, date,
                exerciseOwner, bia, owners, due, comment, Map.of(), Instant.now());
        SignOff done = SignOff.write(dir, draft, key, printer);
        out.println("signed off run " + dir + " by " + by + " on " + date + ": " + dir.resolve(SignOff.FOLDER) + " ("
                + String.join(", ", done.files().keySet()) + (key.isPresent() ? "; signed" : "; UNSIGNED: no signing key configured") + ")");
        if (pdf && printer.isEmpty()) {
            err.println("note: no PDF: Chromium is not installed (apt-get install chromium); the HTML record prints from a browser");
        }
        return 0;
    }

    /** The drill id of {@code DRILL=VALUE}. */
    private static String drillOf(String assignment, String flag) {
        int eq = assignment.indexOf('=');
        if (eq <= 0 || eq == assignment.length() - 1) {
            throw new IllegalArgumentException(flag + " takes DRILL=VALUE, e.g. " + flag + " D09=" + (flag.equals("--due") ? "2027-01-31" : "db-team")
                    + "; got '" + assignment + "'");
        }
        return assignment.substring(0, eq);
    }

    private static LocalDate date(String text, String flag) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is no date; write YYYY-MM-DD, e.g. 2027-01-31");
        }
    }

    private static int keygen(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 2) {
            err.println("usage: keygen <private key PEM to write> <public key PEM to write>");
            return 2;
        }
        Path priv = Path.of(args.get(0));
        Path pub = Path.of(args.get(1));
        if (Files.exists(priv) || Files.exists(pub)) {
            err.println("Refusing to overwrite " + (Files.exists(priv) ? priv : pub) + ": choose new file names");
            return 2;
        }
        KeyPair pair = SigningKeys.generate();
        RunFolder.writeAtomically(priv, SigningKeys.privatePem(pair.getPrivate()));
        try {
            Files.setPosixFilePermissions(priv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            err.println("note: could not restrict the permissions of " + priv + ": " + e.getMessage());
        }
        RunFolder.writeAtomically(pub, SigningKeys.publicPem(pair.getPublic()));
        out.println("wrote " + priv + " (keep it secret; sign with -D" + SigningKeys.KEY_PROPERTY + "=" + priv + " or "
                + SigningKeys.KEY_VARIABLE + ") and " + pub + " (" + SigningKeys.fingerprint(pair.getPublic()) + ")");
        return 0;
    }
}
