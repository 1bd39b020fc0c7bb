package dev.firedrill.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gatling's HTML report as one self-contained file that opens offline: the report's {@code index.html}
 * with its scripts and stylesheets inlined, and its images (also those the stylesheets name) as data
 * URIs. Gatling 3.15 writes {@code index.html} beside {@code js/} and {@code style/}; on its own it renders
 * unstyled and without charts. The per-request pages ({@code req_*.html}) are not included: the single
 * file is the run's global page (every request, every chart).
 */
final class GatlingReportFile {

    private static final Pattern SCRIPT = Pattern.compile("<script([^>]*?)\\ssrc=\"([^\"]+)\"([^>]*)>\\s*</script>");
    private static final Pattern STYLESHEET = Pattern.compile("<link\\s+href=\"([^\"]+\\.css)\"[^>]*>");
    private static final Pattern IMAGE = Pattern.compile("(<img[^>]*?\\ssrc=|<link[^>]*?href=)\"([^\"]+\\.(?:svg|ico|png))\"");
    private static final Pattern CSS_URL = Pattern.compile("url\\((['\"]?)([^'\")]+\\.(?:svg|png|ico))\\1\\)");

    private GatlingReportFile() {
    }

    /** Writes the report of {@code runFolder} (which must hold {@code index.html}) into {@code file}; returns it. */
    static Path write(Path runFolder, Path file) throws IOException {
        Path index = runFolder.resolve("index.html");
        if (!Files.isRegularFile(index)) {
            throw new IOException("Gatling report " + runFolder + " has no index.html");
        }
        String html = Files.readString(index, StandardCharsets.UTF_8);
        html = replace(SCRIPT, html, m -> "<script" + m.group(1) + m.group(3) + ">"
                + read(runFolder, m.group(2)).replace("</script", "<\\/script") + "</script>");
        html = replace(STYLESHEET, html, m -> {
            Path css = runFolder.resolve(m.group(1));
            String text = replace(CSS_URL, read(runFolder, m.group(1)),
                    u -> "url('" + dataUri(css.getParent().resolve(u.group(2))) + "')");
            return "<style>" + text.replace("</style", "<\\/style") + "</style>";
        });
        html = replace(IMAGE, html, m -> m.group(1) + "\"" + dataUri(runFolder.resolve(m.group(2))) + "\"");
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static String read(Path folder, String relative) {
        try {
            return Files.readString(folder.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Gatling report " + folder + ": cannot read " + relative + ": " + e.getMessage(), e);
        }
    }

    private static String dataUri(Path file) {
        String name = file.getFileName().toString();
        String type = name.endsWith(".svg") ? "image/svg+xml" : name.endsWith(".png") ? "image/png" : "image/x-icon";
        try {
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            return "";   // a missing icon must not cost the report
        }
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
