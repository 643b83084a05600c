package dev.understudy.reduce;

import static dev.understudy.reduce.Limits.CLIPBOARD_HOTKEY_NS;

import dev.understudy.model.Action;
import dev.understudy.model.RawEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Folds the hotkey that caused a clipboard operation into the clipboard step, so ctrl+c and the
 * copy it made are one {@code copy} step whose seq range covers both.
 *
 * <p>A hotkey matches a clipboard event when it is one of the op's hotkeys and was pressed at most
 * 1.5 s before it; for paste also at most 1.5 s after it (sources may see the paste before the
 * key). Pairs are made closest first (ties: the hotkey before the event, then stream order), each
 * hotkey and each clipboard event in at most one pair. Unmatched clipboard events stay steps of
 * their own (menu copy), unmatched hotkeys stay hotkey steps.
 */
final class ClipboardHotkeys {
    private static final Set<List<String>> COPY_KEYS = Set.of(List.of("ctrl", "c"), List.of("ctrl", "shift", "c"),
            List.of("ctrl", "insert"), List.of("meta", "c"));
    private static final Set<List<String>> CUT_KEYS = Set.of(List.of("ctrl", "x"), List.of("ctrl", "shift", "x"),
            List.of("shift", "delete"), List.of("meta", "x"));
    private static final Set<List<String>> PASTE_KEYS = Set.of(List.of("ctrl", "v"), List.of("ctrl", "shift", "v"),
            List.of("shift", "insert"), List.of("meta", "v"));

    private record Pair(Draft clip, Draft hotkey, long distance, boolean hotkeyFirst) {}

    private ClipboardHotkeys() {}

    static void merge(DraftLog log, List<RawEvent> events) {
        List<Draft> clips = new ArrayList<>();
        List<Draft> hotkeys = new ArrayList<>();
        for (Draft d : log.drafts()) {
            if (d.action instanceof Action.ClipboardOp) clips.add(d);
            else if (d.action instanceof Action.Hotkey) hotkeys.add(d);
        }
        if (clips.isEmpty() || hotkeys.isEmpty()) return;

        // Hotkeys by the time of their key press, to look only at those near each clipboard event.
        hotkeys.sort(Comparator.<Draft>comparingLong(d -> events.get(d.triggerSeq).mono()).thenComparingInt(d -> d.triggerSeq));
        long[] hkMonos = new long[hotkeys.size()];
        for (int i = 0; i < hkMonos.length; i++) hkMonos[i] = events.get(hotkeys.get(i).triggerSeq).mono();

        List<Pair> pairs = new ArrayList<>();
        for (Draft clip : clips) {
            Set<List<String>> accepted = hotkeysOf(clip.action);
            long clipMono = events.get(clip.triggerSeq).mono();
            for (int i = firstAtOrAfter(hkMonos, clipMono - CLIPBOARD_HOTKEY_NS);
                    i < hkMonos.length && hkMonos[i] <= clipMono + CLIPBOARD_HOTKEY_NS; i++) {
                Draft hk = hotkeys.get(i);
                if (!(hk.action instanceof Action.Hotkey h) || !accepted.contains(h.keys())) continue;
                // By time, not by stream position: the clipboard thread and the hook thread race
                // into the queue, so under load a copy can be stored before the ctrl+c that made it.
                boolean before = hkMonos[i] <= clipMono;
                if (!before && !(clip.action instanceof Action.Paste)) continue;
                pairs.add(new Pair(clip, hk, Math.abs(clipMono - hkMonos[i]), before));
            }
        }
        pairs.sort(Comparator.comparingLong(Pair::distance)
                .thenComparing(p -> !p.hotkeyFirst())
                .thenComparingInt(p -> p.clip().triggerSeq)
                .thenComparingInt(p -> p.hotkey().triggerSeq));

        Set<Draft> used = new HashSet<>();
        for (Pair p : pairs) {
            if (used.contains(p.clip()) || used.contains(p.hotkey())) continue;
            used.add(p.clip());
            used.add(p.hotkey());
            fold(p.hotkey(), p.clip());
            log.remove(p.hotkey());
        }
    }

    /** The hotkeys that make a copy, cut or paste. */
    private static Set<List<String>> hotkeysOf(Action op) {
        if (op instanceof Action.Copy) return COPY_KEYS;
        if (op instanceof Action.Cut) return CUT_KEYS;
        return PASTE_KEYS;
    }

    private static int firstAtOrAfter(long[] t, long v) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static void fold(Draft hotkey, Draft clip) {
        if (hotkey.firstSeq < clip.firstSeq) clip.monitor = hotkey.monitor;
        clip.extendFrom(hotkey.firstSeq);
        clip.extendTo(hotkey.lastSeq);
    }
}
