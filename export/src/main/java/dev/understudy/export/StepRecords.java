package dev.understudy.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Action;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shapes shared by all exports (snake_case), as pure functions so a Spark job can build
 * the same records without writing files.
 */
public final class StepRecords {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private StepRecords() {}

    /** ISO-8601 UTC with milliseconds, e.g. 2026-11-22T19:40:01.123Z. */
    public static String isoTime(long epochMillis) {
        return ISO_MILLIS.format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    /**
     * One line of steps.jsonl.
     *
     * @param observation path of the observation PNG relative to the export root, or null
     * @param observationAfter same for the screen after the action, or null (then omitted)
     * @param screen {width, height} of the step's frame, see {@link #screenSize}
     */
    public static ObjectNode step(String session, Step step, String observation, String observationAfter, int[] screen) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("session", session);
        n.put("index", step.index());
        n.put("time", isoTime(step.wall()));
        n.set("app", app(step.app()));
        n.set("action", action(step.action()));
        n.set("target", target(step.target()));
        n.put("monitor", step.monitor());
        ObjectNode scr = n.putObject("screen");
        scr.put("width", screen[0]);
        scr.put("height", screen[1]);
        n.put("observation", observation);
        if (observationAfter != null) n.put("observation_after", observationAfter);
        ObjectNode raw = n.putObject("raw");
        raw.put("first_seq", step.firstSeq());
        raw.put("last_seq", step.lastSeq());
        return n;
    }

    /** {name, window_class, title} (null when unknown), and label (the name people know it by) and url only when known. */
    public static ObjectNode app(AppContext app) {
        AppContext a = app == null ? AppContext.UNKNOWN : app;
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", a.name());
        n.put("window_class", a.windowClass());
        n.put("title", a.title());
        if (a.label() != null) n.put("label", a.label());
        if (a.url() != null) n.put("url", a.url());
        return n;
    }

    /**
     * The action's type and exactly the fields it has, in this order: x, y, to_x, to_y, path, dx, dy,
     * text, key, keys (lowercase), option, value, url, modifiers (when any). A menu_select's
     * {@code path} is its menu names, then the entry's (a drag's path is its points). A clipboard step's
     * {@code withheld} reason is not exported.
     */
    public static ObjectNode action(Action a) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (a == null) {
            n.putNull("type");
            return n;
        }
        n.put("type", a.type());
        if (a instanceof Action.Pointer p) {
            n.put("x", p.x());
            n.put("y", p.y());
        }
        if (a instanceof Action.Drag d) {
            n.put("to_x", d.toX());
            n.put("to_y", d.toY());
            ArrayNode path = n.putArray("path");
            for (Action.Point pt : d.path()) path.addArray().add(pt.x()).add(pt.y());
        } else if (a instanceof Action.Scroll s) {
            n.put("dx", s.dx());
            n.put("dy", s.dy());
        } else if (a instanceof Action.TypeText t) {
            putIfKnown(n, "text", t.text());
        } else if (a instanceof Action.ClipboardOp c) {
            putIfKnown(n, "text", c.text());
        } else if (a instanceof Action.Key k) {
            putIfKnown(n, "key", k.key());
        } else if (a instanceof Action.Hotkey h) {
            ArrayNode k = n.putArray("keys");
            for (String key : h.keys()) k.add(key == null ? null : key.toLowerCase(Locale.ROOT));
        } else if (a instanceof Action.SelectOption o) {
            putIfKnown(n, "option", o.option());
            putIfKnown(n, "value", o.value());
        } else if (a instanceof Action.Navigate nav) {
            putIfKnown(n, "url", nav.url());
        } else if (a instanceof Action.MenuSelect m) {
            ArrayNode path = n.putArray("path");
            for (String name : m.path()) path.add(name);
        }
        if (a instanceof Action.Pointer p && !p.modifiers().isEmpty()) {
            ArrayNode m = n.putArray("modifiers");
            for (String key : p.modifiers()) m.add(key);
        }
        return n;
    }

    private static void putIfKnown(ObjectNode n, String field, String value) {
        if (value != null) n.put(field, value);
    }

    /**
     * {source, role, name, tag, bbox [x,y,w,h], selector, xpath, input_type, event_seq (the raw browser
     * or accessibility event that described the element), description, states, path (ancestors as
     * "role: name", application first), checked (the state a toggle set), toolkit}, each only when
     * known; source "none" by default.
     */
    public static ObjectNode target(Target t) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (t == null) {
            n.put("source", "none");
            return n;
        }
        n.put("source", t.source() == null ? "none" : t.source());
        if (t.role() != null) n.put("role", t.role());
        if (t.name() != null) n.put("name", t.name());
        if (t.tag() != null) n.put("tag", t.tag());
        Rect b = t.bbox();
        if (b != null) n.putArray("bbox").add(b.x()).add(b.y()).add(b.width()).add(b.height());
        if (t.selector() != null) n.put("selector", t.selector());
        if (t.xpath() != null) n.put("xpath", t.xpath());
        if (t.inputType() != null) n.put("input_type", t.inputType());
        if (t.eventSeq() != null) n.put("event_seq", t.eventSeq());
        if (t.description() != null) n.put("description", t.description());
        if (!t.states().isEmpty()) {
            ArrayNode s = n.putArray("states");
            for (String st : t.states()) s.add(st);
        }
        if (!t.path().isEmpty()) {
            ArrayNode p = n.putArray("path");
            for (String a : t.path()) p.add(a);
        }
        if (t.checked() != null) n.put("checked", t.checked());
        if (t.toolkit() != null) n.put("toolkit", t.toolkit());
        return n;
    }

    /** Whether the step knows what it acted on (a target whose source is not "none"). */
    public static boolean hasTarget(Step step) {
        Target t = step.target();
        return t != null && t.source() != null && !"none".equals(t.source());
    }

    /**
     * {width, height} of the step's frame: the observation's real pixel size when known, else the
     * size of the step's monitor in the manifest, else {0, 0}.
     */
    public static int[] screenSize(Manifest manifest, Step step, int[] frameSize) {
        if (frameSize != null && frameSize[0] > 0 && frameSize[1] > 0) return frameSize;
        Monitor m = monitor(manifest, step.monitor());
        return m == null ? new int[] {0, 0} : new int[] {m.width(), m.height()};
    }

    static Monitor monitor(Manifest manifest, int index) {
        if (manifest == null || manifest.monitors() == null) return null;
        List<Monitor> ms = manifest.monitors();
        for (Monitor m : ms) if (m != null && m.index() == index) return m;
        return index >= 0 && index < ms.size() ? ms.get(index) : null;
    }

    /** The session's time zone from the manifest, UTC when absent or unknown. */
    static ZoneId zone(Manifest manifest) {
        if (manifest == null || manifest.timeZone() == null) return ZoneOffset.UTC;
        try {
            return ZoneId.of(manifest.timeZone());
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** True when the session was recorded on macOS (modifier keys are then Command, not Ctrl). */
    static boolean isMac(Manifest manifest) {
        if (manifest == null || manifest.os() == null) return false;
        String os = manifest.os().toLowerCase(Locale.ROOT);
        return os.contains("mac") || os.contains("darwin");
    }
}
