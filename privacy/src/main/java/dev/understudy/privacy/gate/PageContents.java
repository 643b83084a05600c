package dev.understudy.privacy.gate;

import dev.understudy.model.Rect;
import dev.understudy.model.browser.TextBox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page in the foreground browser shows, as the bridge's page scans report it: the people
 * it names (recipients, participants, members...), which decide whether it shows a correspondent
 * abroad, and the boxes of its text with personal data, which screenshots mask. A scan says
 * everything one frame of the page shows (frame 0 is the top document) and replaces that frame's
 * last scan. Read here, never stored.
 *
 * <p>Pipeline thread only: other threads read the boxes through {@link PrivacyGate.View}.
 */
final class PageContents {
    private final Scrubber scrubber;
    private List<String> recipients = List.of();
    /** People each frame of the current page shows. */
    private final Map<Long, List<String>> framePeople = new HashMap<>();
    private final Map<Long, List<Rect>> frameBoxes = new HashMap<>();
    private List<Rect> domRedactions = List.of();

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

    /** A scan of one frame: its text boxes replace that frame's. */
    void scannedBoxes(long frame, List<TextBox> textBoxes) {
        frameBoxes.put(frame, sensitiveBoxes(textBoxes));
        List<Rect> all = new ArrayList<>();
        frameBoxes.values().forEach(all::addAll);
        domRedactions = List.copyOf(all);
    }

    /** The boxes flagged sensitive, or whose text the redactor changes. */
    private List<Rect> sensitiveBoxes(List<TextBox> boxes) {
        List<Rect> out = new ArrayList<>();
        for (TextBox b : boxes) {
            String text = b.text() == null ? "" : b.text();
            boolean flag = b.isSensitive();
            if (!flag && !text.isEmpty() && !scrubber.text(text).equals(text)) flag = true;
            if (flag) out.add(new Rect((int) b.x(), (int) b.y(), (int) b.w(), (int) b.h()));
        }
        return List.copyOf(out);
    }
}
