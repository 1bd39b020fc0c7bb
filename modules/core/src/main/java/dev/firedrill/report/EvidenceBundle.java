package dev.firedrill.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run folder sealed as evidence: {@code manifest.sha256} lists the SHA-256 of every other file
 * ({@code sha256sum} format, paths relative with '/'), {@code manifest.sig} holds the base64 Ed25519
 * signature of the manifest's bytes, and {@code signature.txt} says who signed it (the public key's
 * fingerprint) or that the bundle is unsigned. {@link #verify} checks every hash and the signature
 * against a public key the verifier trusts, never one taken from the bundle.
 *
 * <p>Example: {@code EvidenceBundle.seal(runFolder, SigningKeys.configured(System.getenv(), System.getProperties()));}
 */
public final class EvidenceBundle {

    public static final String MANIFEST = "manifest.sha256";
    public static final String SIGNATURE = "manifest.sig";
    public static final String SIGNATURE_INFO = "signature.txt";

    /** The files the manifest cannot cover: itself and what is derived from it. */
    private static final Set<String> SEAL_FILES = Set.of(MANIFEST, SIGNATURE, SIGNATURE_INFO);

    /** What a verification found; {@code ok()} when nothing. */
    public record Verification(int filesChecked, List<String> changed, List<String> missing, List<String> extra,
            String signatureProblem) {

        public boolean ok() {
            return changed.isEmpty() && missing.isEmpty() && extra.isEmpty() && signatureProblem == null;
        }

        /** One line per problem, naming the file, e.g. {@code changed: D01/ledger.jsonl}. */
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            changed.forEach(f -> p.add("changed: " + f));
            missing.forEach(f -> p.add("missing: " + f));
            extra.forEach(f -> p.add("extra (not in the manifest): " + f));
            if (signatureProblem != null) {
                p.add("signature: " + signatureProblem);
            }
            return p;
        }
    }

    private EvidenceBundle() {
    }

    /** Writes the manifest of {@code folder}, and signs it with {@code key} when there is one; returns the manifest. */
    public static Path seal(Path folder, Optional<PrivateKey> key) {
        for (String f : SEAL_FILES) {
            RunFolder.deleteQuietly(folder.resolve(f));
        }
        StringBuilder manifest = new StringBuilder();
        hashes(folder).forEach((file, hash) -> manifest.append(hash).append("  ").append(file).append('\n'));
        byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        Path manifestFile = RunFolder.writeAtomically(folder.resolve(MANIFEST), manifest.toString());
        if (key.isPresent()) {
            PublicKey pub = SigningKeys.publicOf(key.get());
            RunFolder.writeAtomically(folder.resolve(SIGNATURE), SigningKeys.sign(key.get(), bytes) + "\n");
            RunFolder.writeAtomically(folder.resolve(SIGNATURE_INFO), "signed: yes\nalgorithm: Ed25519\nsigned file: "
                    + MANIFEST + "\nsignature: " + SIGNATURE + " (base64)\npublic key fingerprint: "
                    + SigningKeys.fingerprint(pub) + "\nverify with: ./drill verify <this folder> --public-key <trusted public key PEM>\n");
        } else {
            RunFolder.writeAtomically(folder.resolve(SIGNATURE_INFO), "signed: no\nThis bundle is UNSIGNED: no signing key was"
                    + " configured (-D" + SigningKeys.KEY_PROPERTY + "=<PKCS#8 PEM> or " + SigningKeys.KEY_VARIABLE
                    + "). The hashes in " + MANIFEST + " show accidental damage only; anyone can rewrite them.\n");
        }
        return manifestFile;
    }

    /** Whether {@code folder} was sealed with a signature. */
    public static boolean isSigned(Path folder) {
        return Files.isRegularFile(folder.resolve(SIGNATURE));
    }

    /**
     * Checks every file of {@code folder} against its manifest and the manifest's signature against
     * {@code trusted}. An unsigned bundle fails (a signature was asked for).
     */
    public static Verification verify(Path folder, PublicKey trusted) {
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException("No " + MANIFEST + " in " + folder + ": not an evidence bundle (a run folder"
                    + " under reports/ is one once its run has finished)");
        }
        byte[] manifestBytes;
        try {
            manifestBytes = Files.readAllBytes(manifestFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + manifestFile + ": " + e, e);
        }
        Map<String, String> listed = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        for (String line : new String(manifestBytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int gap = line.indexOf("  ");
            if (gap != 64) {
                changed.add(MANIFEST + " (malformed line: " + line + ")");
                continue;
            }
            listed.put(line.substring(gap + 2), line.substring(0, gap));
        }
        Map<String, String> actual = hashes(folder);
        List<String> missing = new ArrayList<>();
        listed.forEach((file, hash) -> {
            String now = actual.get(file);
            if (now == null) {
                missing.add(file);
            } else if (!now.equals(hash)) {
                changed.add(file);
            }
        });
        List<String> extra = actual.keySet().stream().filter(f -> !listed.containsKey(f)).toList();
        String signatureProblem = null;
        Path sig = folder.resolve(SIGNATURE);
        if (!Files.isRegularFile(sig)) {
            signatureProblem = "the bundle is unsigned (no " + SIGNATURE + ")";
        } else {
            try {
                if (!SigningKeys.verify(trusted, manifestBytes, Files.readString(sig, StandardCharsets.US_ASCII))) {
                    signatureProblem = SIGNATURE + " is not a signature of " + MANIFEST + " by the given key ("
                            + SigningKeys.fingerprint(trusted) + "): the manifest was changed or another key signed it";
                }
            } catch (IOException e) {
                signatureProblem = "could not read " + SIGNATURE + ": " + e;
            }
        }
        return new Verification(listed.size(), List.copyOf(changed), List.copyOf(missing), extra, signatureProblem);
    }

    /** Relative path ('/') to hex SHA-256 of every regular file under {@code folder} except the seal files, sorted. */
    static Map<String, String> hashes(Path given) {
        Map<String, String> out = new TreeMap<>();
        Path folder;
        try {
            folder = given.toRealPath();   // reports/latest is a link: walk the run folder it points at
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the folder " + given + ": " + e, e);
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String rel = folder.relativize(p).toString().replace('\\', '/');
                if (SEAL_FILES.contains(rel) || rel.startsWith(SignOff.FOLDER + "/")) {
                    continue;   // the seal itself, and the sign-off: an addendum bound to the seal (SignOff)
                }
                out.put(rel, SigningKeys.sha256Hex(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not hash the files of " + folder + ": " + e, e);
        }
        return out;
    }
}
