package dev.understudy.reduce;

import dev.understudy.model.Json;
import dev.understudy.model.Manifest;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loads the recorded fixtures under src/test/resources/fixtures and reduces them. */
final class Fixtures {
    static final String SINGLE = "single-monitor";
    static final String DUAL = "dual-monitor";

    /** A fixture's events, manifest and steps. */
    record Reduced(String name, Manifest manifest, List<RawEvent> events, List<Step> steps) {
        /** The steps in {@link StepFormat#describe} form. */
        List<String> described() {
            return StepFormat.describeAll(steps);
        }

        /** A frame id as "reason@ms/mN" (grab time in ms since the session start), or null. */
        String frame(String id) {
            if (id == null) return null;
            for (RawEvent e : events) {
                if (e instanceof RawEvent.Frame f && f.id().equals(id)) {
                    return f.reason() + "@" + f.mono() / 1_000_000 + "/m" + f.monitor();
                }
            }
            throw new AssertionError("no frame " + id);
        }

        /** Each step's observations as "before -> after" frame labels. */
        List<String> observations() {
            List<String> out = new ArrayList<>();
            for (Step s : steps) out.add(frame(s.observation()) + " -> " + frame(s.observationAfter()));
            return out;
        }
    }

    private Fixtures() {}

    static List<RawEvent> events(String name) {
        String text = resource(name + ".jsonl");
        List<RawEvent> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            try {
                events.add(Json.MAPPER.readValue(line, RawEvent.class));
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": " + line, e);
            }
        }
        return events;
    }

    static Manifest manifest(String name) {
        try {
            return Json.MAPPER.readValue(resource(name + ".manifest.json"), Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reduced reduce(String fixture, String manifest) {
        Manifest m = manifest(manifest);
        List<RawEvent> events = events(fixture);
        return new Reduced(fixture, m, events, Reducer.reduce("s-" + fixture, m, events));
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
