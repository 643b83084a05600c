package dev.understudy.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.Action;
import dev.understudy.model.Json;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.Target;
import dev.understudy.model.browser.Box;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.model.browser.DomSnapshot;
import dev.understudy.model.browser.Element;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Mind2Web's layout: one task per session with at least one grounded browser action.
 * <pre>
 * OUT/tasks.jsonl                    one task per line (load with datasets' "json" loader)
 * OUT/&lt;session&gt;/task.json            the same task, on its own
 * OUT/&lt;session&gt;/screenshots/&lt;action_uid&gt;.png   the screen before each action (as Multimodal-Mind2Web)
 * </pre>
 * A task is {@code {annotation_id, website, domain, subdomain, confirmed_task, action_reprs,
 * actions}} with, per action, {@code {action_uid, raw_html, cleaned_html, operation {op,
 * original_op, value}, pos_candidates, neg_candidates, screenshot}} plus our {@code url},
 * {@code step_index} and {@code bbox} (frame pixels of the screenshot).
 *
 * <ul>
 *   <li>Actions: steps whose target came from the DOM. click, double/triple click → CLICK;
 *       type → TYPE with the typed text; select_option → SELECT with the option's text; Enter
 *       pressed in a field → CLICK with original_op ENTER (Mind2Web maps ENTER to CLICK). Other
 *       steps (scrolls, hotkeys, navigation, desktop apps) are not Mind2Web operations.</li>
 *   <li>pos_candidates: the target element: {@code tag}, {@code attributes} (a JSON string, as in
 *       Mind2Web: the element's id, name, type, role, aria-label... plus {@code backend_node_id}
 *       and {@code bounding_box_rect} in page CSS pixels), {@code backend_node_id} (the element's
 *       number in the snapshot). neg_candidates is empty: a recorder knows only what was acted on.</li>
 *   <li>raw_html and cleaned_html: the extension's snapshot of the page as the action began
 *       (scripts, styles and hidden parts removed, a few attributes kept, every element numbered
 *       with backend_node_id, sensitive fields without values). The raw page is never recorded, so
 *       both hold the same snapshot; null when the page sent none.</li>
 *   <li>confirmed_task is null for a whole session (a recorder does not know the goal), a task's instruction
 *       when the dataset builder cut the session into tasks; domain/subdomain are null;
 *       website is the host of the first action's page.</li>
 * </ul>
 */
public final class Mind2WebExporter implements Exporter {
    public static final String NAME = "mind2web";
    public static final String FILE = "tasks.jsonl";
    public static final String TASK = "task.json";
    public static final String SCREENSHOTS = "screenshots/";
    private static final int MAX_HTML_CHARS = 4 * 1024 * 1024;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ExportSummary export(List<ExportSession> sessions, Path out) {
        int actions = 0;
        int frames = 0;
        int missing = 0;
        int tasks = 0;
        Set<String> dirs = new HashSet<>();
        try (JsonLines lines = new JsonLines(out.resolve(FILE))) {
            for (ExportSession s : sessions) {
                List<Step> steps = actionSteps(s.steps());
                if (steps.isEmpty()) continue;
                String dirName = OsWorldExporter.safeName(s.id());
                for (int i = 2; !dirs.add(dirName.toLowerCase(Locale.ROOT)); i++) dirName = OsWorldExporter.safeName(s.id()) + "-" + i;
                Path dir = out.resolve(dirName);
                FrameSink sink = new FrameSink(dir, SCREENSHOTS);
                ObjectNode task = task(s, steps, sink);
                lines.write(task);
                writeJson(dir.resolve(TASK), task);
                actions += steps.size();
                frames += sink.written();
                missing += sink.missing();
                tasks++;
            }
        }
        return new ExportSummary(NAME, out, tasks, actions, frames, missing);
    }

    /** The steps that are Mind2Web operations, in order. */
    static List<Step> actionSteps(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        for (Step s : steps) if (operation(s) != null) out.add(s);
        return out;
    }

    /** {op, original_op, value} or null when the step is no Mind2Web operation. */
    static String[] operation(Step s) {
        Target t = s.target();
        Action a = s.action();
        if (t == null || !"dom".equals(t.source()) || a == null) return null;
        if (a instanceof Action.Click || a instanceof Action.DoubleClick || a instanceof Action.TripleClick) {
            return new String[] {"CLICK", "CLICK", ""};
        }
        if (a instanceof Action.TypeText x) return new String[] {"TYPE", "TYPE", x.text() == null ? "" : x.text()};
        if (a instanceof Action.SelectOption o) {
            return new String[] {"SELECT", "SELECT", o.option() != null ? o.option() : o.value() == null ? "" : o.value()};
        }
        if (a instanceof Action.Key k && "enter".equals(k.key())) return new String[] {"CLICK", "ENTER", ""};
        return null;
    }

    private static ObjectNode task(ExportSession s, List<Step> steps, FrameSink sink) {
        Snapshots snaps = new Snapshots(s.events());
        ObjectNode task = Json.MAPPER.createObjectNode();
        task.put("annotation_id", s.id());
        task.put("website", website(steps));
        task.putNull("domain");
        task.putNull("subdomain");
        if (s.instruction() != null) task.put("confirmed_task", s.instruction());
        else task.putNull("confirmed_task");
        ArrayNode reprs = task.putArray("action_reprs");
        ArrayNode actions = task.putArray("actions");
        for (Step step : steps) {
            String[] op = operation(step);
            Target t = step.target();
            String uid = s.id() + "-" + step.index();
            Element element = element(step, snaps.message(t.eventSeq()));
            String html = snaps.html(t.eventSeq());

            ObjectNode a = actions.addObject();
            a.put("action_uid", uid);
            a.put("raw_html", html);
            a.put("cleaned_html", html);
            ObjectNode o = a.putObject("operation");
            o.put("op", op[0]);
            o.put("original_op", op[1]);
            o.put("value", op[2]);
            ArrayNode pos = a.putArray("pos_candidates");
            pos.add(candidate(t, element));
            a.putArray("neg_candidates");
            a.put("screenshot", sink.put(s.frames(), step.observation(), uid + ".png"));
            a.put("url", step.app() == null ? null : step.app().url());
            a.put("step_index", step.index());
            Rect b = t.bbox();
            if (b != null) a.putArray("bbox").add(b.x()).add(b.y()).add(b.width()).add(b.height());
            reprs.add(repr(t, op));
        }
        return task;
    }

    /** Mind2Web's action_repr: "[button]  Send -> CLICK", "[combobox]  Priority -> SELECT: High". */
    static String repr(Target t, String[] op) {
        String kind = t.role() != null && !t.role().isBlank() ? t.role() : t.tag() == null ? "element" : t.tag();
        String name = t.name() == null ? "" : t.name();
        return "[" + kind + "]  " + name + " -> " + op[0] + (op[2].isEmpty() ? "" : ": " + op[2]);
    }

    /** The element description in the browser event: the dropdown field for a choice, else the target. */
    private static Element element(Step step, BrowserMessage message) {
        if (Action.SELECT_OPTION.equals(step.action().type()) && message instanceof BrowserMessage.Select s && s.field() != null) {
            return s.field();
        }
        return message instanceof BrowserMessage.OnElement o ? o.target() : null;
    }

    private static ObjectNode candidate(Target t, Element el) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("tag", t.tag());
        Map<String, String> attrs = new java.util.LinkedHashMap<>();
        String node = null;
        if (el != null) {
            if (el.attrs() != null) attrs.putAll(el.attrs());
            if (el.node() != null) node = Long.toString(el.node());
            Box r = el.rect();
            if (r != null) attrs.put("bounding_box_rect", num(r.x()) + "," + num(r.y()) + "," + num(r.width()) + "," + num(r.height()));
        }
        if (t.role() != null) attrs.putIfAbsent("role", t.role());
        if (node != null) attrs.put("backend_node_id", node);
        try {
            c.put("attributes", Json.MAPPER.writeValueAsString(attrs));
        } catch (JsonProcessingException e) {
            c.put("attributes", "{}");
        }
        c.put("is_original_target", true);
        c.put("is_top_level_target", true);
        c.put("backend_node_id", node);
        return c;
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String website(List<Step> steps) {
        for (Step s : steps) {
            String url = s.app() == null ? null : s.app().url();
            if (url == null) continue;
            try {
                String host = URI.create(url).getHost();
                if (host != null) return host;
            } catch (IllegalArgumentException ignored) {
                // not a URL
            }
        }
        return null;
    }

    private static void writeJson(Path file, JsonNode node) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.MAPPER.writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExportException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The page snapshots of a session's browser events, decompressed once each. */
    static final class Snapshots {
        private final List<RawEvent> events;
        private final Map<String, String> byHash = new HashMap<>();

        Snapshots(List<RawEvent> events) {
            this.events = events;
        }

        /** The browser message of event {@code seq}, or null. */
        BrowserMessage message(Long seq) {
            if (seq == null || seq < 0 || seq >= events.size()) return null;
            return events.get((int) (long) seq) instanceof RawEvent.Browser b ? b.message() : null;
        }

        /** The snapshot the event refers to: its own, or the latest earlier one with the same hash. */
        String html(Long seq) {
            DomSnapshot d = dom(message(seq));
            String hash = d == null ? null : d.hash();
            if (hash == null) return null;
            if (byHash.containsKey(hash)) return byHash.get(hash);
            String html = null;
            for (int i = (int) (long) seq; i >= 0 && html == null; i--) {
                DomSnapshot dom = events.get(i) instanceof RawEvent.Browser b ? dom(b.message()) : null;
                if (dom != null && hash.equals(dom.hash())) html = gunzip(dom.htmlGz());
            }
            byHash.put(hash, html);
            return html;
        }

        private static DomSnapshot dom(BrowserMessage m) {
            return m instanceof BrowserMessage.FromExtension f ? f.envelope().dom() : null;
        }

        /** The snapshot's HTML (cut to MAX_HTML_CHARS * 3 bytes), or null when there are no bytes or they are no gzip. */
        static String gunzip(byte[] gz) {
            if (gz == null) return null;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                byte[] b = in.readNBytes(MAX_HTML_CHARS * 3);
                return new String(b, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        }
    }
}
