package dev.understudy.privacy.gate;

import dev.understudy.model.AppContext;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.model.browser.BrowserMessage;
import dev.understudy.privacy.policy.Policy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keys typed where input is secret, in {@link PrivacyGate}'s last step: a password field the
 * bridge reports (a sensitive_focus message, or an input message whose input type is password), a
 * password field of any toolkit the accessibility tree reports (an {@link RawEvent.A11y} read,
 * {@link #a11yRead}), a terminal reading input without echo (the input watch's
 * {@code input_hidden} marker), or an app the policy lists under {@code sensitive_apps}. Each run of text keys typed there becomes ONE
 * key-down {@code [SECRET]} (and its key-up); the run's other keys and key-ups are dropped. A run
 * ends at a non-text key other than a modifier, a click, a focus change, a change of sensitivity,
 * a suspension or a pause. What was typed (up to 256 characters a run) goes to the
 * {@link SecretMemory}, in memory only, so screenshot OCR covers it too. Pipeline thread only.
 */
final class SensitiveInputRewriter {
    private static final int MAX_REMEMBERED = 256;

    private final Policy policy;
    private final SecretMemory secrets;
    private final StringBuilder chars = new StringBuilder();
    /** The bridge said a password field has the focus. */
    private boolean field;
    /** The input watch said the foreground reads input without showing it (a terminal password prompt). */
    private boolean hiddenInput;
    /**
     * The accessibility tree said a password field has the focus (a FOCUS read of one, a click
     * into one), or a FOCUS read timed out so nobody knows (fail closed).
     */
    private boolean a11yField;
    /** Session mono time of the read that set {@link #a11yField}. */
    private long a11yFieldMono;
    private boolean run;
    /** Key codes of a run's key-downs: true when their key-up is stored (the run's first), false when dropped. */
    private final Map<Integer, Boolean> ups = new HashMap<>();

    SensitiveInputRewriter(Policy policy, SecretMemory secrets) {
        this.policy = policy;
        this.secrets = secrets;
    }

    /**
     * A read from around a window change (the click that activated the window, the new window's
     * own focus read, which can be placed a little before the window event) belongs to the new
     * window: a window change this soon after it does not forget it.
     */
    static final long A11Y_WINDOW_SLACK_NS = 250_000_000L;

    /** Another window has the focus: no field of it is known yet (but see {@link #A11Y_WINDOW_SLACK_NS}). */
    void focusChanged(long mono) {
        field = false;
        if (a11yField && mono - a11yFieldMono > A11Y_WINDOW_SLACK_NS) a11yField = false;
        endRun();
    }

    /**
     * What an accessibility read says about the field with the keyboard focus. A FOCUS read: the
     * element that got the focus is a password field or not; one that timed out leaves the focus
     * unknown, treated as a password field until the next FOCUS read (fail closed); one that found
     * no element ({@code none}: the app exposes no tree) says it is not a known password field. A
     * POINTER read on a password field: a click into it; on an editable element that is no password
     * field: a click into that field, which ends it. Other reads (STATE, a POINTER read on what is not
     * editable, which need not move the focus) say nothing about it.
     */
    void a11yRead(RawEvent.A11y a) {
        boolean s;
        if (RawEvent.A11y.FOCUS.equals(a.kind())) {
            // timed out: some element has the focus and nobody knows which (fail closed); none: the
            // app exposes no tree, so nothing is known beyond what is known without the source
            if (RawEvent.A11y.TIMEOUT.equals(a.status())) s = true;
            else s = a.element() != null && a.element().isPassword();
        } else if (RawEvent.A11y.POINTER.equals(a.kind()) && a.element() != null && a.element().isPassword()) {
            s = true;
        } else if (RawEvent.A11y.POINTER.equals(a.kind()) && RawEvent.A11y.OK.equals(a.status()) && a.element() != null
                && a.element().has(dev.understudy.model.A11yNode.EDITABLE)) {
            // a click into a field that is no password field puts the focus there (LibreOffice's
            // document sends no focus event for it): what is typed next goes into it
            s = false;
        } else {
            return;
        }
        if (s) a11yFieldMono = a.mono();
        if (s != a11yField) {
            a11yField = s;
            endRun();
        }
    }

    /** Whether the accessibility tree says a password field (or an unknown element) has the focus. */
    boolean inA11yField() {
        return a11yField;
    }

    /** The browser moved to another page: no field of it is known yet. */
    void pageChanged() {
        field = false;
    }

    /** The input watch's verdict on the foreground: hidden (a password prompt) or shown. */
    void hiddenInput(boolean hidden) {
        if (hidden == hiddenInput) return;
        hiddenInput = hidden;
        endRun();
    }

    /**
     * What a browser message says about the field with the focus, if anything: a sensitive_focus
     * says whether a sensitive field has it; an input message with an input type says that input
     * went into a field that is no password field (unless that type reads "password").
     */
    void fieldReport(BrowserMessage m) {
        boolean s;
        if (m instanceof BrowserMessage.SensitiveFocus f) s = f.sensitive();
        else if (m instanceof BrowserMessage.Input i && i.inputType() != null) s = "password".equalsIgnoreCase(i.inputType());
        else return;
        if (s != field) {
            field = s;
            endRun();
        }
    }

    /** Whether a password field of the page has the focus (its form values are then dropped). */
    boolean inField() {
        return field;
    }

    /** Whether what is typed into this foreground now is secret. */
    boolean active(AppContext foreground) {
        return field || a11yField || hiddenInput || policy.isSensitive(foreground);
    }

    /** Ends the current run; what it typed is remembered for OCR. */
    void endRun() {
        run = false;
        if (chars.length() > 0) {
            secrets.add(chars.toString());
            chars.setLength(0);
        }
    }

    /** The event as stored: key events of a secret run rewritten or dropped (null); others as they are. */
    RawEvent rewrite(RawEvent e, AppContext foreground) {
        if (e instanceof RawEvent.KeyUp u) {
            Boolean emit = ups.remove(u.code());
            if (emit == null) return e;
            return emit ? new RawEvent.KeyUp(u.mono(), u.wall(), 0, TypedTextGuard.REDACTED, 0) : null;
        }
        if (e instanceof RawEvent.KeyDown k) {
            if (!TypedTextGuard.isText(k)) {
                if (!Mods.isModifier(k.key() == null ? "" : k.key().toLowerCase(Locale.ROOT))) endRun();
                return e;
            }
            if (!active(foreground)) return e;
            if (chars.length() < MAX_REMEMBERED) chars.append(k.ch());
            if (!run) {
                run = true;
                ups.put(k.code(), true);
                return new RawEvent.KeyDown(k.mono(), k.wall(), 0, TypedTextGuard.REDACTED, "[SECRET]", 0);
            }
            ups.put(k.code(), false);
            return null;
        }
        if (e instanceof RawEvent.MouseDown) endRun();
        return e;
    }
}
