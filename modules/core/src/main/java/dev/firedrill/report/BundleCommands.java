package dev.firedrill.report;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * {@code ./drill verify <bundle dir> --public-key <pem>} and {@code ./drill keygen <private pem> <public pem>}.
 * Exit codes: 0 verified (or keys written), 1 verification failed, 2 wrong usage or unreadable input.
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
                err.println("usage: verify <bundle dir> --public-key <public key PEM> | keygen <private key PEM> <public key PEM>");
                return 2;
            }
            return switch (args.get(0)) {
                case "verify" -> verify(args.subList(1, args.size()), out, err);
                case "keygen" -> keygen(args.subList(1, args.size()), out, err);
                default -> {
                    err.println("unknown command '" + args.get(0) + "': valid ones are verify and keygen");
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
        EvidenceBundle.Verification v = EvidenceBundle.verify(dir, SigningKeys.readPublic(Path.of(args.get(2))));
        if (v.ok()) {
            out.println("verified: " + v.filesChecked() + " files match " + EvidenceBundle.MANIFEST
                    + ", signed by the given key");
            return 0;
        }
        err.println("verification FAILED for " + dir + ":");
        v.problems().forEach(p -> err.println("  " + p));
        return 1;
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
