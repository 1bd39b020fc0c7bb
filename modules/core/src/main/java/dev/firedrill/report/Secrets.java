package dev.firedrill.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything a reporter writes: values of variables named like a secret, and
 * passwords in JDBC URLs and {@code name=value} text.
 *
 * <p>Example: {@code Secrets.mask(stepOutput, Secrets.valuesOf(System.getenv()))}.
 */
public final class Secrets {

    /** What a masked secret is replaced with. */
    public static final String MASK = "****";

    /**
     * Known secret values shorter than this are masked only where a whole value equals them: masking
     * "1" or "on" everywhere would garble timestamps and counts and hide nothing.
     */
    static final int MIN_SUBSTRING_LENGTH = 4;

    private static final Set<String> FLAGS = Set.of("true", "false", "none", "null", "yes", "no", "on", "off");

    private static final List<String> SECRET_NAME_PARTS = List.of("PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY");

    /** {@code user:password@host} in a URL's authority (jdbc:postgresql://u:p@h/db, redis://:p@h). */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.\\-]*:(?:[a-z0-9+.\\-]+:)*//[^/\\s:@]*:)([^@\\s/]+)(@)");

    /**
     * {@code password=...} (JDBC query parameters and properties, {@code NAME=value} lines, JSON-ish
     * {@code "password": "..."}) where the name looks like a secret. A match starts only where a name
     * can start (not inside a run of name characters), which keeps the search linear: without it, a
     * long run such as base64 in an HTML report is rescanned from every one of its positions.
     */
    private static final Pattern NAMED_VALUE = Pattern.compile(
            "(?i)(?<![\\w.\\-])([\\w.\\-]*(?:password|passwd|pwd|secret|token|key)[\\w.\\-]*\"?\\s*[=:]\\s*\"?)([^\\s&;,\"'}]+)");

    private Secrets() {
    }

    /**
     * Whether a variable or key of this name holds a secret: its name contains PASSWORD, PASSWD,
     * SECRET, TOKEN or KEY (any case), e.g. {@code LEDGER_DB_PASSWORD}, {@code api.token}, {@code AWS_SECRET_ACCESS_KEY}.
     */
    public static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        for (String part : SECRET_NAME_PARTS) {
            if (upper.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The values of the entries whose name {@link #isSecretName looks like a secret}, e.g. of
     * {@code System.getenv()}; blank values and flags ({@code true}, {@code false}, {@code none},
     * {@code yes}, {@code no}, {@code on}, {@code off}, {@code null}) are not secrets and are left out.
     */
    public static Set<String> valuesOf(Map<String, String> variables) {
        Set<String> values = new LinkedHashSet<>();
        if (variables == null) {
            return values;
        }
        variables.forEach((name, value) -> {
            if (isSecretName(name) && value != null && !value.isBlank()
                    && !FLAGS.contains(value.strip().toLowerCase(Locale.ROOT))) {
                values.add(value);
            }
        });
        return values;
    }

    /**
     * {@code text} with every known secret value, every password in a URL's user info and every value
     * of a secret-named {@code name=value} pair replaced by {@link #MASK}; null stays null.
     *
     * <p>Example: {@code mask("jdbc:postgresql://db/x?user=app&password=hunter2", Set.of())} is
     * {@code "jdbc:postgresql://db/x?user=app&password=****"}.
     */
    public static String mask(String text, Collection<String> secretValues) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (secretValues != null && !secretValues.isEmpty()) {
            List<String> longestFirst = new ArrayList<>();
            for (String v : secretValues) {
                if (v == null || v.isBlank()) {
                    continue;
                }
                if (out.equals(v)) {
                    return MASK;
                }
                if (v.length() >= MIN_SUBSTRING_LENGTH) {
                    longestFirst.add(v);
                }
            }
            // Longest first, so a secret that contains another is masked whole.
            longestFirst.sort(Comparator.comparingInt(String::length).reversed());
            for (String v : longestFirst) {
                out = out.replace(v, MASK);
            }
        }
        out = replaceGroup(URL_USER_INFO, out);
        out = replaceGroup(NAMED_VALUE, out);
        return out;
    }

    private static String replaceGroup(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        do {
            String value = m.group(2);
            String replacement = MASK.equals(value) ? m.group() : m.group(1) + MASK + (m.groupCount() >= 3 ? m.group(3) : "");
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
