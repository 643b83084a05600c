package dev.understudy.reduce;

import dev.understudy.model.RawEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuses the browser bridge's semantic events with the OS-level steps (docs/browser.md).
 *
 * <p>Collects the page events while the reducer walks the stream ({@link #browser}), then, after
 * the input gestures are recognised ({@link #fuse}), runs these passes in this order:
 * <ol>
 *   <li><b>Pointer targets</b> ({@link PointerTargets}): a click or drag takes the target of the
 *       page's pointer event at the same time and point.</li>
 *   <li><b>Dropdown choices</b> ({@link DropdownChoices}): a {@code select} event becomes a
 *       {@code select_option} step that replaces the steps that opened the dropdown and chose.</li>
 *   <li><b>Navigation</b> ({@link NavigationSteps}): every top-frame page load or URL change of the
 *       active tab becomes a {@code navigate} step, replacing the address-bar typing, reload key or
 *       toolbar click that caused it.</li>
 *   <li><b>Typing and keys</b> ({@link KeyboardTargets}): type steps take the field their input
 *       arrived in, keys and editing chords the element that had focus ({@link PageFocus}).</li>
 *   <li><b>URLs</b> ({@link PageUrls}): every step in a browser window the bridge reported gets
 *       {@code app.url}.</li>
 * </ol>
 * Times compare the page's clock ({@code t}, epoch ms) with the OS events' wall time. The passes
 * share one {@link BrowserFusion}.
 */
final class BrowserSteps {
    private final ReduceState state;
    private final List<PageEvent> page = new ArrayList<>();
    /** The browsers' pids, from the bridge's hello. */
    private final Set<Long> pids = new HashSet<>();

    BrowserSteps(ReduceState state) {
        this.state = state;
    }

    void browser(int seq, RawEvent.Browser e) {
        PageEvent p = PageEvent.of(seq, e);
        if (p.pid > 0) pids.add(p.pid);
        if ("hello".equals(p.kind) || "bridge".equals(p.kind)) return;
        page.add(p);
    }

    /** Grounds the recognised steps and adds the browser's own; see the class comment. */
    void fuse(List<RawEvent> events) {
        if (page.isEmpty()) return;
        BrowserFusion f = new BrowserFusion(state, events, page, pids);
        PointerTargets.ground(f);
        KeyboardTargets.matchInputs(f);
        DropdownChoices.fuse(f);
        NavigationSteps.fuse(f);
        KeyboardTargets.ground(f);
        PageUrls.fill(f);
    }
}
