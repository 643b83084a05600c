package dev.understudy.dataset.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code stats.html}: the dataset's plots on one self-contained page, readable offline, inline SVG and no script.
 * Every text is escaped: app names and sites come from window titles and pages, so they are treated as hostile HTML.
 */
public final class StatsPage {
    public static final String FILE = "stats.html";
    private static final int W = 640;
    private static final String COLOR = "#3b6ea5";

    private StatsPage() {}

    public static Path write(Path dir, String title, DatasetStats s) throws IOException {
        Path out = dir.resolve(FILE);
        Files.createDirectories(dir);
        Files.writeString(out, render(title, s), StandardCharsets.UTF_8);
        return out;
    }

    static String render(String title, DatasetStats s) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>").append(esc(title)).append(" — statistics</title>")
                .append("<style>body{font-family:sans-serif;max-width:720px;margin:2em auto;color:#222}"
                        + "figure{margin:2em 0}figcaption{font-weight:bold;margin-bottom:.5em}svg text{font-size:11px;fill:#222}</style>")
                .append("</head><body>\n<h1>").append(esc(title)).append("</h1>\n<p>")
                .append(s.tasks()).append(" tasks, ").append(s.steps()).append(" steps.</p>\n");
        figure(b, "Steps per task", histogram(s.stepsPerTask().stream().map(Integer::doubleValue).toList(), "steps"));
        figure(b, "Task duration (seconds)", histogram(s.taskMillis().stream().map(m -> m / 1000.0).toList(), "seconds"));
        figure(b, "Action types", bars(DatasetStats.top(s.actionTypes(), 50)));
        figure(b, "Apps (top 20, steps)", bars(DatasetStats.top(s.apps(), 20)));
        figure(b, "Sites (top 20, steps)", bars(DatasetStats.top(s.sites(), 20)));
        figure(b, "Grounding rate: pointer steps with a target element (" + s.groundedSteps() + " of " + s.pointerSteps() + ")",
                rate(s.groundingRate()));
        figure(b, "Redaction rate: typed text with a placeholder (" + s.redactedTextSteps() + " of " + s.textSteps() + ")",
                rate(s.redactionRate()));
        figure(b, "Redaction placeholders by kind", bars(DatasetStats.top(s.placeholders(), 20)));
        figure(b, "Quality flags (tasks)", bars(DatasetStats.top(s.taskFlags(), 20)));
        figure(b, "Clicks (x_norm, y_norm; " + s.clickCount() + " clicks)", heatMap(s.clickGrid()));
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void figure(StringBuilder b, String caption, String svg) {
        b.append("<figure><figcaption>").append(esc(caption)).append("</figcaption>\n").append(svg).append("</figure>\n");
    }

    /** Horizontal bars, one per entry, in the map's order. */
    static String bars(Map<String, Long> counts) {
        int rowH = 18, labelW = 200, barW = W - labelW - 60;
        int h = Math.max(1, counts.size()) * rowH + 10;
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(1);
        StringBuilder b = svgOpen(W, h);
        if (counts.isEmpty()) b.append("<text x=\"4\" y=\"14\">(none)</text>");
        int i = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            int y = 5 + i++ * rowH;
            double w = max == 0 ? 0 : (double) e.getValue() / max * barW;
            String label = e.getKey().length() > 32 ? e.getKey().substring(0, 31) + "…" : e.getKey();
            b.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + 12).append("\" text-anchor=\"end\">")
                    .append(esc(label)).append("<title>").append(esc(e.getKey())).append("</title></text>")
                    .append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 2).append("\" width=\"").append(f(w))
                    .append("\" height=\"").append(rowH - 4).append("\" fill=\"").append(COLOR).append("\"/>")
                    .append("<text x=\"").append(f(labelW + w + 4)).append("\" y=\"").append(y + 12).append("\">")
                    .append(e.getValue()).append("</text>\n");
        }
        return b.append("</svg>\n").toString();
    }

    /** A histogram of 20 equal bins between the smallest and the largest value (integer bins for small ranges). */
    static String histogram(List<Double> values, String unit) {
        int h = 180, left = 40, bottom = 30, plotW = W - left - 10, plotH = h - bottom - 10;
        StringBuilder b = svgOpen(W, h);
        if (values.isEmpty()) return b.append("<text x=\"4\" y=\"14\">(none)</text></svg>\n").toString();
        double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        int bins = 20;
        double width = Math.max((hi - lo) / bins, 1e-9);
        if (hi - lo < bins && lo == Math.rint(lo) && hi == Math.rint(hi)) { // small integer range: one bin per value
            bins = (int) (hi - lo) + 1;
            width = 1;
        }
        long[] count = new long[bins];
        for (double v : values) count[(int) Math.min(bins - 1, Math.floor((v - lo) / width))]++;
        long max = 1;
        for (long c : count) max = Math.max(max, c);
        double bw = (double) plotW / bins;
        for (int i = 0; i < bins; i++) {
            double bh = (double) count[i] / max * plotH;
            b.append("<rect x=\"").append(f(left + i * bw + 1)).append("\" y=\"").append(f(10 + plotH - bh)).append("\" width=\"")
                    .append(f(Math.max(1, bw - 2))).append("\" height=\"").append(f(bh)).append("\" fill=\"").append(COLOR).append("\">")
                    .append("<title>").append(f(lo + i * width)).append("–").append(f(lo + (i + 1) * width)).append(' ')
                    .append(esc(unit)).append(": ").append(count[i]).append("</title></rect>\n");
        }
        b.append("<line x1=\"").append(left).append("\" y1=\"").append(10 + plotH).append("\" x2=\"").append(left + plotW)
                .append("\" y2=\"").append(10 + plotH).append("\" stroke=\"#888\"/>")
                .append("<text x=\"").append(left).append("\" y=\"").append(h - 10).append("\">").append(f(lo)).append("</text>")
                .append("<text x=\"").append(left + plotW).append("\" y=\"").append(h - 10).append("\" text-anchor=\"end\">")
                .append(f(hi)).append(' ').append(esc(unit)).append("</text>")
                .append("<text x=\"").append(left - 4).append("\" y=\"20\" text-anchor=\"end\">").append(max).append("</text>");
        return b.append("</svg>\n").toString();
    }

    /** One bar, 0–100%. */
    static String rate(double r) {
        int h = 40, barW = W - 80;
        return svgOpen(W, h) + "<rect x=\"0\" y=\"8\" width=\"" + barW + "\" height=\"20\" fill=\"#ddd\"/>"
                + "<rect x=\"0\" y=\"8\" width=\"" + f(r * barW) + "\" height=\"20\" fill=\"" + COLOR + "\"/>"
                + "<text x=\"" + (barW + 6) + "\" y=\"23\">" + String.format(Locale.ROOT, "%.1f%%", r * 100) + "</text></svg>\n";
    }

    /** The click grid: one rect per non-empty cell, opacity by count (top-left of the screen at top-left). */
    static String heatMap(long[] grid) {
        int n = DatasetStats.GRID, side = 384, cell = side / n;
        long max = 1;
        for (long c : grid) max = Math.max(max, c);
        StringBuilder b = svgOpen(side, side * 10 / 16 + 1);
        double cellH = side * 10.0 / 16 / n; // drawn at 16:10, the commonest screen shape
        b.append("<rect x=\"0\" y=\"0\" width=\"").append(side).append("\" height=\"").append(f(cellH * n))
                .append("\" fill=\"#f4f4f4\" stroke=\"#888\"/>\n");
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                long c = grid[y * n + x];
                if (c == 0) continue;
                b.append("<rect x=\"").append(x * cell).append("\" y=\"").append(f(y * cellH)).append("\" width=\"").append(cell)
                        .append("\" height=\"").append(f(cellH)).append("\" fill=\"#c0392b\" fill-opacity=\"")
                        .append(f(0.15 + 0.85 * c / max)).append("\"><title>").append(c).append("</title></rect>\n");
            }
        return b.append("</svg>\n").toString();
    }

    private static StringBuilder svgOpen(int w, int h) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\">\n");
    }

    private static String f(double d) {
        return String.format(Locale.ROOT, "%.2f", d).replaceAll("\\.?0+$", "");
    }

    /** HTML/XML text and attribute escaping. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') b.append(' '); // not allowed in XML
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

}
