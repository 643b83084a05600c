package dev.understudy.privacy.gate;

import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.redact.Entity;
import dev.understudy.privacy.redact.RedactionResult;
import dev.understudy.privacy.redact.TextRedactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Redacts typed text before it is stored. Typed text arrives one key-down at a time, so no single
 * event holds an email address or a card number; this stage holds the events of the current typed
 * run (and everything that happens between them, to keep the order) until the text around them is
 * known, runs the {@link TextRedactor} over it, and rewrites the key events of every entity:
 *
 * <ul>
 *   <li>An entity of the final text (after backspaces) becomes ONE key-down whose {@code key} is
 *       {@value #REDACTED} and whose {@code ch} is the placeholder ({@code [EMAIL]}, or
 *       {@code PERSON_17} from the directory), plus its key-up; every other key event inside the
 *       entity's span (its characters, corrections, shift presses) is dropped. The reducer then
 *       types "mail [EMAIL] now".</li>
 *   <li>An entity that was typed and erased again (found in the raw keystrokes only) keeps one
 *       key-down per character, each rewritten to {@code ch "*"}, so that the backspaces after it
 *       still erase the right number of characters.</li>
 *   <li>Key codes and key names of rewritten keys are cleared too ({@code code 0}): a key name
 *       would spell the character.</li>
 * </ul>
 *
 * <p>When events are released: at a word boundary (a typed space) everything before the trailing
 * words that could still grow into an entity (digit groups, capitalised words, unfinished
 * tokens) is released; the rest of the run is released when it ends: a named key, a click, a
 * scroll, a focus change, clipboard, a marker, {@value #IDLE_MS} ms without typing, or
 * {@value #MAX_RUN} characters. Modifier presses with no run open are held for
 * {@value #MODIFIER_HOLD_MS} ms too, so a pause hotkey's own modifiers can be dropped with the
 * pause.
 *
 * <p>Not thread-safe: the pipeline thread owns it.
 *
 * <p>About 420 lines on purpose: holding, scanning and rewriting one typed run share its state
 * (the held events, the effective and raw text with their owners), and the rewrite rules above
 * only make sense next to each other.
 */
public final class TypedTextGuard {
    public static final String REDACTED = "redacted";
    static final long IDLE_MS = 1000;
    static final long MODIFIER_HOLD_MS = 1000;
    static final int MAX_RUN = 1024;
    static final int SCAN_WINDOW = 160;
    private static final int CHORD = Mods.CTRL | Mods.ALT | Mods.META;
    private static final Set<String> NAMED = Set.of("enter", "return", "kp_enter", "tab", "escape", "backspace", "delete",
            "insert", "up", "down", "left", "right", "home", "end", "page_up", "page_down", "print_screen", "pause", "menu",
            "context_menu");

    /** One held event; {@code out} is what will be stored instead (null = dropped). */
    private static final class Held {
        final RawEvent in;
        RawEvent out;
        boolean rewritten;

        Held(RawEvent e) {
            this.in = e;
            this.out = e;
        }
    }

    /** One typed code point and the held key-down it came from (null once released). */
    private record Ch(int cp, Held owner) {}

    private final TextRedactor redactor;
    private final List<Held> held = new ArrayList<>();
    private final List<Ch> effective = new ArrayList<>();
    private final List<Ch> raw = new ArrayList<>();
    private boolean runOpen;
    /** Whether a backspace was typed in the run (only then do raw keystrokes differ from the text). */
    private boolean erased;
    private long lastTypeMono;
    private long heldSinceMono = -1;
    /** Key-ups still to come for rewritten key-downs: code -> replacement (null = drop). */
    private final Map<Integer, RawEvent.KeyUp> pendingUps = new HashMap<>();
    private final Set<Integer> dropUps = new HashSet<>();
    private long redactedEntities;

    private final SecretMemory secrets;

    public TypedTextGuard(TextRedactor redactor) {
        this(redactor, null);
    }

    /** With a memory of the values redacted, for screenshot OCR (in memory only). */
    public TypedTextGuard(TextRedactor redactor, SecretMemory secrets) {
        this.redactor = redactor;
        this.secrets = secrets;
    }

    /** Entities redacted from typed text so far. */
    public long redactedEntities() {
        return redactedEntities;
    }

    /** True while events are held. */
    public boolean holding() {
        return !held.isEmpty();
    }

    public void offer(RawEvent e, Consumer<RawEvent> out) {
        if (e instanceof RawEvent.KeyUp u && (pendingUps.containsKey(u.code()) || dropUps.contains(u.code()))) {
            e = rewriteUp(u);
            if (e == null) return;
        }
        if (e instanceof RawEvent.KeyDown k && isText(k)) {
            if (!runOpen) {
                runOpen = true;
                erased = false;
                effective.clear();
                raw.clear();
            }
            Held h = hold(e);
            k.ch().codePoints().forEach(cp -> {
                effective.add(new Ch(cp, h));
                raw.add(new Ch(cp, h));
            });
            lastTypeMono = e.mono();
            if (k.ch().codePoints().allMatch(Character::isWhitespace)) boundary(out);
            if (raw.size() >= MAX_RUN) endRun(out);
            return;
        }
        if (e instanceof RawEvent.KeyDown k && runOpen && "backspace".equals(lower(k.key())) && (k.mods() & CHORD) == 0) {
            hold(e);
            erased = true;
            if (!effective.isEmpty()) effective.remove(effective.size() - 1);
            // the raw keystrokes get a break where text was erased, so "4111...1" + erase + "ok"
            // reads as two words
            if (!raw.isEmpty() && raw.get(raw.size() - 1).cp() != ' ') raw.add(new Ch(' ', null));
            lastTypeMono = e.mono();
            return;
        }
        if (endsRun(e)) {
            if (runOpen) {
                endRun(out);
            } else if (!held.isEmpty()) {
                release(held.size(), out);
            }
            out.accept(e);
            return;
        }
        if (runOpen || !held.isEmpty()) {
            hold(e);
            return;
        }
        if (e instanceof RawEvent.KeyDown k && Mods.isModifier(lower(k.key()))) {
            hold(e); // a chord (maybe the pause hotkey) may follow
            return;
        }
        out.accept(e);
    }

    /** Releases a run that went idle, and modifiers held too long. */
    public void tick(long mono, Consumer<RawEvent> out) {
        if (runOpen && mono - lastTypeMono >= IDLE_MS * 1_000_000L) {
            // Modifiers pressed at the end of the run may start a chord (the pause hotkey): they
            // stay held like any modifier press with no run open.
            int keep = 0;
            while (keep < held.size() && held.get(held.size() - 1 - keep).in instanceof RawEvent.KeyDown k
                    && Mods.isModifier(lower(k.key()))) {
                keep++;
            }
            List<Held> tail = keep == 0 ? List.of() : new ArrayList<>(held.subList(held.size() - keep, held.size()));
            held.subList(held.size() - keep, held.size()).clear();
            endRun(out);
            held.addAll(tail);
            heldSinceMono = held.isEmpty() ? -1 : held.get(0).in.mono();
        } else if (!runOpen && !held.isEmpty() && mono - heldSinceMono >= MODIFIER_HOLD_MS * 1_000_000L) {
            release(held.size(), out);
        }
    }

    /** Redacts and releases everything held (the recording ends). */
    public void flush(Consumer<RawEvent> out) {
        if (runOpen) endRun(out);
        else if (!held.isEmpty()) release(held.size(), out);
    }

    /** Drops everything held (pause): none of it is stored. */
    public void dropAll() {
        for (Held h : held) {
            if (h.in instanceof RawEvent.KeyDown k) dropUps.add(k.code());
        }
        held.clear();
        effective.clear();
        raw.clear();
        runOpen = false;
        heldSinceMono = -1;
    }

    // ---- internals

    private Held hold(RawEvent e) {
        if (held.isEmpty()) heldSinceMono = e.mono();
        Held h = new Held(e);
        held.add(h);
        return h;
    }

    static boolean isText(RawEvent.KeyDown k) {
        String key = lower(k.key());
        String ch = k.ch();
        if (ch == null || ch.isEmpty() || (k.mods() & CHORD) != 0 || NAMED.contains(key) || REDACTED.equals(key)) return false;
        if (key.length() >= 2 && key.length() <= 3 && key.charAt(0) == 'f' && key.substring(1).chars().allMatch(Character::isDigit)) return false;
        return ch.codePoints().noneMatch(Character::isISOControl);
    }

    private static boolean endsRun(RawEvent e) {
        if (e instanceof RawEvent.KeyDown k) return !Mods.isModifier(lower(k.key()));
        return e instanceof RawEvent.MouseDown || e instanceof RawEvent.Wheel || e instanceof RawEvent.WindowFocus
                || e instanceof RawEvent.Clipboard || e instanceof RawEvent.Marker;
    }

    private void boundary(Consumer<RawEvent> out) {
        scan(Math.max(0, effective.size() - SCAN_WINDOW), Math.max(0, raw.size() - SCAN_WINDOW));
        // Hold back the trailing words that could still become part of an entity.
        int cut = openTailStart();
        Held firstOpen = null;
        for (int i = cut; i < effective.size() && firstOpen == null; i++) firstOpen = effective.get(i).owner();
        int upTo = firstOpen == null ? held.size() : held.indexOf(firstOpen);
        if (upTo > 0) release(upTo, out);
    }

    /** Index into {@link #effective} of the first character of the trailing "open" words. */
    private int openTailStart() {
        int end = effective.size();
        // skip the trailing whitespace just typed
        while (end > 0 && Character.isWhitespace(effective.get(end - 1).cp())) end--;
        int start = end;
        int words = 0;
        while (start > 0 && words < 6) {
            int wEnd = start;
            int wStart = wEnd;
            while (wStart > 0 && !Character.isWhitespace(effective.get(wStart - 1).cp())) wStart--;
            String word = text(effective, wStart, wEnd);
            if (!couldContinue(word)) break;
            words++;
            start = wStart;
            while (start > 0 && Character.isWhitespace(effective.get(start - 1).cp())) start--;
        }
        if (words == 0) return end; // nothing open: release all but what follows
        // start points at the whitespace before the earliest open word; move to the word
        while (start < end && Character.isWhitespace(effective.get(start).cp())) start++;
        return start;
    }

    /** Words that are parts of multi-word entities: digit groups, capitalised words, numbers with signs. */
    static boolean couldContinue(String w) {
        if (w.isEmpty()) return false;
        boolean digits = w.chars().anyMatch(Character::isDigit);
        if (digits && w.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-+().,/#:".indexOf(c) >= 0)) return true;
        if (Character.isUpperCase(w.codePointAt(0))) return true;
        String l = w.toLowerCase(Locale.ROOT).replaceAll("[.,]$", "");
        return STREET_WORDS.contains(l);
    }

    private static final Set<String> STREET_WORDS = Set.of("street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd",
            "lane", "ln", "drive", "dr", "suite", "apt", "floor", "way", "court", "ct", "place", "pl", "de", "van", "von", "der", "la",
            "le", "di", "da", "del", "dos", "du", "mc", "mac", "bin", "al", "ibn");

    private void endRun(Consumer<RawEvent> out) {
        scan(Math.max(0, effective.size() - MAX_RUN), Math.max(0, raw.size() - MAX_RUN));
        release(held.size(), out);
        runOpen = false;
        effective.clear();
        raw.clear();
    }

    /** Finds entities in the effective and the raw text from these offsets and rewrites their keys. */
    private void scan(int effFrom, int rawFrom) {
        if (effective.size() > effFrom) {
            String t = text(effective, effFrom, effective.size());
            RedactionResult r = redactor.redact(t);
            for (Entity en : r.entities()) applyWhole(charsOf(effective, effFrom, t, en), en.replacement());
        }
        if (erased && raw.size() > rawFrom) {
            String t = text(raw, rawFrom, raw.size());
            RedactionResult r = redactor.redact(t);
            for (Entity en : r.entities()) applyMasked(charsOf(raw, rawFrom, t, en));
        }
    }

    /** The code points of {@code list} (from {@code from}) that an entity covers. */
    private static List<Ch> charsOf(List<Ch> list, int from, String text, Entity en) {
        int cpStart = text.codePointCount(0, en.start());
        int cpEnd = text.codePointCount(0, en.end());
        return list.subList(from + cpStart, from + cpEnd);
    }

    /** Replaces an entity of the final text by one placeholder key-down (and its key-up). */
    private void applyWhole(List<Ch> chars, String placeholder) {
        remember(chars);
        List<Held> owners = owners(chars);
        if (owners.isEmpty() || owners.stream().allMatch(h -> h.rewritten)) return;
        int first = held.indexOf(owners.get(0));
        int last = held.indexOf(owners.get(owners.size() - 1));
        redactedEntities++;
        RawEvent.KeyDown firstDown = (RawEvent.KeyDown) owners.get(0).in;
        Set<Integer> codes = new HashSet<>();
        for (int i = first; i <= last; i++) {
            Held h = held.get(i);
            if (h.in instanceof RawEvent.KeyDown k) {
                codes.add(k.code());
                h.out = null;
                h.rewritten = true;
            } else if (h.in instanceof RawEvent.KeyUp) {
                h.out = null;
                h.rewritten = true;
            }
        }
        owners.get(0).out = new RawEvent.KeyDown(firstDown.mono(), firstDown.wall(), 0, REDACTED, placeholder, 0);
        // key-ups of the entity's keys after its span
        boolean firstUpDone = false;
        for (int i = last + 1; i < held.size(); i++) {
            Held h = held.get(i);
            if (h.in instanceof RawEvent.KeyUp u && codes.contains(u.code())) {
                h.rewritten = true;
                if (!firstUpDone) {
                    h.out = new RawEvent.KeyUp(u.mono(), u.wall(), 0, REDACTED, 0);
                    firstUpDone = true;
                } else {
                    h.out = null;
                }
                codes.remove(u.code());
            }
        }
        for (Integer c : codes) {
            if (!firstUpDone) {
                pendingUps.put(c, new RawEvent.KeyUp(0, 0, 0, REDACTED, 0));
                firstUpDone = true;
            } else {
                dropUps.add(c);
            }
        }
    }

    /** Masks each character of an entity that was typed and erased: ch "*", key and code cleared. */
    private void applyMasked(List<Ch> chars) {
        remember(chars);
        List<Held> owners = owners(chars);
        if (owners.isEmpty() || owners.stream().allMatch(h -> h.rewritten)) return;
        redactedEntities++;
        Set<Integer> codes = new HashSet<>();
        for (Held h : owners) {
            if (h.rewritten) continue;
            RawEvent.KeyDown k = (RawEvent.KeyDown) h.in;
            codes.add(k.code());
            h.out = new RawEvent.KeyDown(k.mono(), k.wall(), 0, REDACTED, "*".repeat(k.ch().codePointCount(0, k.ch().length())), 0);
            h.rewritten = true;
        }
        int last = held.indexOf(owners.get(owners.size() - 1));
        int first = held.indexOf(owners.get(0));
        for (int i = first; i < held.size(); i++) {
            Held h = held.get(i);
            if (h.in instanceof RawEvent.KeyUp u && codes.contains(u.code()) && !h.rewritten) {
                h.out = new RawEvent.KeyUp(u.mono(), u.wall(), 0, REDACTED, 0);
                h.rewritten = true;
                if (i > last) codes.remove(u.code());
            }
        }
        for (Integer c : codes) pendingUps.put(c, new RawEvent.KeyUp(0, 0, 0, REDACTED, 0));
    }

    private void remember(List<Ch> chars) {
        if (secrets == null) return;
        StringBuilder sb = new StringBuilder(chars.size());
        for (Ch c : chars) sb.appendCodePoint(c.cp());
        secrets.add(sb.toString());
    }

    private static List<Held> owners(List<Ch> chars) {
        List<Held> out = new ArrayList<>();
        for (Ch c : chars) {
            if (c.owner() != null && (out.isEmpty() || out.get(out.size() - 1) != c.owner())) out.add(c.owner());
        }
        return out;
    }

    private RawEvent rewriteUp(RawEvent.KeyUp u) {
        RawEvent.KeyUp r = pendingUps.remove(u.code());
        if (r != null) return new RawEvent.KeyUp(u.mono(), u.wall(), 0, REDACTED, 0);
        dropUps.remove(u.code());
        return null;
    }

    /** Stores the first {@code n} held events (as rewritten) and forgets them. */
    private void release(int n, Consumer<RawEvent> out) {
        List<Held> done = new ArrayList<>(held.subList(0, n));
        held.subList(0, n).clear();
        Set<Held> gone = new HashSet<>(done);
        for (Held h : done) if (h.out != null) out.accept(h.out);
        forget(effective, gone);
        forget(raw, gone);
        heldSinceMono = held.isEmpty() ? -1 : held.get(0).in.mono();
    }

    private static void forget(List<Ch> list, Set<Held> gone) {
        for (int i = 0; i < list.size(); i++) {
            Ch c = list.get(i);
            if (c.owner() != null && gone.contains(c.owner())) list.set(i, new Ch(c.cp(), null));
        }
    }

    private static String text(List<Ch> list, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) sb.appendCodePoint(list.get(i).cp());
        return sb.toString();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
