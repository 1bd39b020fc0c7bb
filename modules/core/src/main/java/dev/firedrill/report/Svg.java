package dev.firedrill.report;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG writer: enough shapes for line charts with shaded bands, every text escaped. No
 * scripts, no external references, so a chart opens from disk and can be inlined in HTML.
 *
 * <p>Example: {@code new Svg(800, 300).rect(0, 0, 10, 10, "#eee").text(5, 5, "a < b", 10, "start").toString()}.
 */
public final class Svg {

    private final StringBuilder body = new StringBuilder();
    private final int width;
    private final int height;

    public Svg(int width, int height) {
        this.width = width;
        this.height = height;
    }

    public Svg rect(double x, double y, double w, double h, String fill) {
        return rect(x, y, w, h, fill, 1);
    }

    /** A rectangle filled with {@code opacity} (0 to 1), so what lies under it shows through. */
    public Svg rect(double x, double y, double w, double h, String fill, double opacity) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(Math.max(0, w)))
                .append("\" height=\"").append(n(Math.max(0, h))).append("\" fill=\"").append(attr(fill));
        if (opacity < 1) {
            body.append("\" fill-opacity=\"").append(String.format(Locale.ROOT, "%.2f", Math.max(0, opacity)));
        }
        body.append("\"/>\n");
        return this;
    }

    public Svg line(double x1, double y1, double x2, double y2, String stroke, double width) {
        body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(attr(stroke)).append("\" stroke-width=\"")
                .append(n(width)).append("\"/>\n");
        return this;
    }

    /** A polyline through {@code points} given as x0, y0, x1, y1, ... */
    public Svg polyline(List<double[]> points, String stroke, double width) {
        if (points.isEmpty()) {
            return this;
        }
        body.append("<polyline fill=\"none\" stroke=\"").append(attr(stroke)).append("\" stroke-width=\"").append(n(width))
                .append("\" points=\"");
        for (double[] p : points) {
            body.append(n(p[0])).append(',').append(n(p[1])).append(' ');
        }
        body.append("\"/>\n");
        return this;
    }

    public Svg circle(double cx, double cy, double r, String fill) {
        body.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(attr(fill)).append("\"/>\n");
        return this;
    }

    /** Text at (x, y); {@code anchor} is start, middle or end. */
    public Svg text(double x, double y, String text, int size, String anchor) {
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(size)
                .append("\" text-anchor=\"").append(attr(anchor)).append("\">").append(escape(text)).append("</text>\n");
        return this;
    }

    /** A tooltip-less title element, read by screen readers and shown by browsers on hover of the whole chart. */
    public Svg title(String text) {
        body.append("<title>").append(escape(text)).append("</title>\n");
        return this;
    }

    @Override
    public String toString() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 "
                + width + " " + height + "\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                + body + "</svg>\n";
    }

    /** XML text escaping: &amp;, &lt;, &gt;, quotes; control characters other than tab and newline dropped. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String attr(String s) {
        return escape(s);
    }

    private static String n(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
