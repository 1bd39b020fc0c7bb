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
        return find().orElseThrow(() -> new IllegalStateException("Chromium is not installed (no /usr/bin/chromium, no chromium on"
                + " the PATH): the report tests render pages in it and ./drill sign-off prints the PDF with it. ./drill test and"
                + " ./drill run install it; by hand: apt-get install chromium"));
    }

    /** The installed Chromium, if any: Debian's, else {@code chromium} on the PATH. */
    public static java.util.Optional<Chromium> find() {
        if (Files.isExecutable(DEBIAN)) {
            return java.util.Optional.of(new Chromium(DEBIAN));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir).resolve("chromium");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return java.util.Optional.of(new Chromium(candidate));
            }
        }
        return java.util.Optional.empty();
    }

    /** The DOM of {@code page} after its scripts ran for {@code budget} of virtual time. */
    public String dumpDom(URI page, Duration budget) {
        return run(page, List.of("--virtual-time-budget=" + budget.toMillis(), "--dump-dom"), (profile, out) -> {
            String dom = Files.readString(out, StandardCharsets.UTF_8);
            if (dom.isBlank()) {
                throw new IllegalStateException("Chromium rendered nothing of " + page);
            }
            return dom;
        });
    }

    /** Prints the page {@code html} (a file, opened from disk, no scripts needed) to {@code pdf}; returns {@code pdf}. */
    public Path printToPdf(Path html, Path pdf) {
        Path target = pdf.toAbsolutePath();
        return run(html.toAbsolutePath().toUri(), List.of("--no-pdf-header-footer", "--print-to-pdf=" + target), (profile, out) -> {
            if (!Files.isRegularFile(target) || Files.size(target) == 0) {
                throw new IllegalStateException("Chromium printed no PDF of " + html + " to " + target);
            }
            return target;
        });
    }

    private interface Finish<T> {
        T apply(Path profile, Path stdout) throws IOException;
    }

    /** Runs Chromium headless on {@code page} with {@code options}, in a fresh profile removed afterwards. */
    private <T> T run(URI page, List<String> options, Finish<T> finish) {
        Path profile = null;
        try {
            profile = Files.createTempDirectory("firedrill-chromium-");
            List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile));
            command.addAll(options);
            command.add(page.toString());
            Path out = profile.resolve("stdout.txt");
            Path err = profile.resolve("stderr.txt");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish with " + page + " within 2 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Chromium exited with " + p.exitValue() + " on " + page + ":\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return finish.apply(profile, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + executable + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Chromium worked on " + page, e);
        } finally {
            dev.firedrill.FileTrees.deleteQuietly(profile);
        }
    }
}
