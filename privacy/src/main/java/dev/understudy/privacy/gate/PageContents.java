package dev.understudy.privacy.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.model.Rect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page in the foreground browser shows, as the bridge reports it: the people it names
 * (recipients, participants, members...), which decide whether it shows a correspondent abroad,
 * and the boxes of its text with personal data, which screenshots mask. A page scan says
 * everything one frame of the page shows (frame 0 is the top document) and replaces that frame's
 * last scan; other browser events add the people they name. Read here, never stored.
 *
 * <p>The pipeline thread updates it; {@link #domRedactions()} may be read from any thread.
 */
final class PageContents {
    /** Fields of browser data that name people. */
    private static final List<String> PEOPLE_FIELDS = List.of("people", "recipients", "participants", "to", "cc", "bcc", "from",
            "members", "correspondents");

    private final Scrubber scrubber;
    private List<String> recipients = List.of();
    /** People each frame of the current page shows. */
    private final Map<Long, List<String>> framePeople = new HashMap<>();
    private final Map<Long, List<Rect>> frameBoxes = new HashMap<>();
    private volatile List<Rect> domRedactions = List.of();

    /** The scrubber tells which boxes hold personal data. */
    PageContents(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    /** A new page (or window): starts from what an earlier scan of it showed, if any. */
    void reset(List<String> known) {
        framePeople.clear();
        frameBoxes.clear();
        domRedactions = List.of();
        recipients = known == null ? List.of() : known;
    }

    /** The people the page shows, all frames together. */
    List<String> recipients() {
        return recipients;
    }

    /** Boxes (global screen pixels) of page text with personal data. */
    List<Rect> domRedactions() {
        return domRedactions;
    }

    /** A scan of one frame named these people (replacing its last scan's); true when the page's people changed. */
    boolean scannedPeople(long frame, List<String> people) {
        framePeople.put(frame, List.copyOf(people));
        List<String> all = new ArrayList<>();
        framePeople.values().forEach(all::addAll);
        boolean changed = !all.equals(recipients);
        recipients = List.copyOf(all);
        return changed;
    }

    /** A scan of one frame: its text boxes, if it lists any, replace that frame's. */
    void scannedBoxes(long frame, JsonNode data) {
        List<Rect> boxes = domBoxes(data);
        if (boxes == null) return;
        frameBoxes.put(frame, boxes);
        List<Rect> all = new ArrayList<>();
        frameBoxes.values().forEach(all::addAll);
        domRedactions = List.copyOf(all);
    }

    /** Another browser event named these people: added to the page's; true when there were any. */
    boolean mentioned(List<String> people) {
        if (people.isEmpty()) return false;
        List<String> all = new ArrayList<>(recipients);
        all.addAll(people);
        recipients = List.copyOf(all);
        return true;
    }

    /** Another browser event listed text boxes: they replace all of the page's. */
    void reportedBoxes(JsonNode data) {
        List<Rect> boxes = domBoxes(data);
        if (boxes != null) domRedactions = boxes;
    }

    /** The boxes flagged sensitive, or whose text the redactor changes; null when the data lists none. */
    private List<Rect> domBoxes(JsonNode d) {
        JsonNode arr = d.has("text_boxes") ? d.get("text_boxes") : d.get("boxes");
        if (arr == null || !arr.isArray()) return null;
        List<Rect> out = new ArrayList<>();
        for (JsonNode b : arr) {
            String text = b.path("text").asText("");
            boolean flag = b.path("sensitive").asBoolean(false) || "password".equalsIgnoreCase(b.path("inputType").asText(""));
            if (!flag && !text.isEmpty() && !scrubber.text(text).equals(text)) flag = true;
            if (flag) {
                int w = b.has("w") ? b.path("w").asInt() : b.path("width").asInt();
                int h = b.has("h") ? b.path("h").asInt() : b.path("height").asInt();
                out.add(new Rect(b.path("x").asInt(), b.path("y").asInt(), w, h));
            }
        }
        return List.copyOf(out);
    }

    /** The people browser data names (strings, or objects with a name and an email). */
    static List<String> people(JsonNode d) {
        List<String> people = new ArrayList<>();
        for (String k : PEOPLE_FIELDS) collect(d.get(k), people);
        return people;
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n == null || n.isNull()) return;
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (JsonNode x : n) collect(x, out);
        } else if (n.isObject()) {
            StringBuilder sb = new StringBuilder();
            for (String k : List.of("name", "email", "address", "displayName", "display_name")) {
                if (n.hasNonNull(k)) sb.append(n.get(k).asText()).append(' ');
            }
            if (sb.length() > 0) out.add(sb.toString().strip());
        }
    }

    /** The first of these fields that holds non-blank text, or null. */
    static String firstText(JsonNode d, String... keys) {
        for (String k : keys) {
            JsonNode v = d.get(k);
            if (v != null && v.isTextual() && !v.asText().isBlank()) return v.asText();
        }
        return null;
    }
}
