package dev.understudy.dataset.format;

import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dataset card needs beyond the rows' statistics; the builder fills it.
 *
 * @param name       the dataset's name (the card's title and {@code pretty_name})
 * @param summary    one paragraph: what was recorded, by whom (roles, not names), for what
 * @param screens    the monitors of the source sessions
 * @param policies   the capture/redaction policies in force during the recordings
 * @param redaction  a paragraph: what was redacted and how (text placeholders, masked frame regions, ...)
 * @param parameters the build's parameters (flags, split, filters), shown as given
 * @param formats    what was written beside the card: {@code parquet} (data/), {@code webdataset} (a folder of tars)
 */
public record CardInput(String name, String summary, List<Screen> screens, List<Policy> policies, String redaction,
                        Map<String, String> parameters, List<String> formats) {
    public CardInput {
        screens = List.copyOf(screens);
        policies = List.copyOf(policies);
        parameters = new TreeMap<>(parameters);
        formats = List.copyOf(formats);
    }

    /** A monitor size seen: logical size as the OS reports it, its scale factor, and how many sessions had it. */
    public record Screen(int width, int height, double scale, long sessions) implements java.io.Serializable {}

    /** A policy in force: its name, version and the digest of its text. */
    public record Policy(String name, String version, String digest) implements java.io.Serializable {}

    /** The distinct monitors of the sessions' manifests, with how many sessions had each, sorted. */
    public static List<Screen> screensOf(Collection<Manifest> manifests) {
        Map<String, long[]> count = new TreeMap<>();
        Map<String, Monitor> seen = new TreeMap<>();
        for (Manifest m : manifests) {
            if (m.monitors() == null) continue;
            m.monitors().stream().map(x -> String.format("%08d|%08d|%s", x.width(), x.height(), x.scale())).distinct()
                    .forEach(k -> count.computeIfAbsent(k, x -> new long[1])[0]++);
            for (Monitor x : m.monitors()) seen.putIfAbsent(String.format("%08d|%08d|%s", x.width(), x.height(), x.scale()), x);
        }
        return count.entrySet().stream()
                .map(e -> new Screen(seen.get(e.getKey()).width(), seen.get(e.getKey()).height(), seen.get(e.getKey()).scale(), e.getValue()[0]))
                .toList();
    }
}
