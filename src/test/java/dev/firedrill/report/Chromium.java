package dev.firedrill.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium ({@code apt-get install chromium}), run once per page: loads a page,
 * lets its scripts run for a virtual-time budget, and returns the DOM they built. Fresh profile each
 * time, no network services of its own (no sync, updates or background fetches).
 */
public final class Chromium {

    /** Where Debian puts it; {@code chromium} on the PATH otherwise. */
    static final Path DEBIAN = Path.of("/usr/bin/chromium");

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** The installed Chromium; throws naming the fix when there is none (./drill installs it). */
    public static Chromium installed() {
        if (Files.isExecutable(DEBIAN)) {
            return new Chromium(DEBIAN);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir).resolve("chromium");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return new Chromium(candidate);
            }
        }
        throw new IllegalStateException("Chromium is not installed (no /usr/bin/chromium, no chromium on the PATH):"
                + " the HTML report test renders the report in it. ./drill test and ./drill run install it;"
                + " by hand: apt-get install chromium");
    }

    /** The DOM of {@code page} after its scripts ran for {@code budget} of virtual time. */
    public String dumpDom(URI page, Duration budget) {
        Path profile = null;
        try {
            profile = Files.createTempDirectory("firedrill-chromium-");
            List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--virtual-time-budget=" + budget.toMillis(), "--dump-dom",
                    page.toString()));
            Path out = profile.resolve("dom.html");
            Path err = profile.resolve("stderr.txt");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish rendering " + page + " within 2 minutes");
            }
            String dom = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 || dom.isBlank()) {
                throw new IllegalStateException("Chromium exited with " + p.exitValue() + " rendering " + page + ":\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return dom;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + executable + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Chromium rendered " + page, e);
        } finally {
            dev.firedrill.FileTrees.deleteQuietly(profile);
        }
    }
}
