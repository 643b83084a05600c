package dev.understudy.privacy.gate;

import dev.understudy.model.AppContext;
import dev.understudy.privacy.policy.Decision;
import dev.understudy.privacy.policy.Policy;
import java.util.List;

/**
 * The policy's verdict on the foreground ({@link PrivacyGate}'s second step): the policy's
 * decision for the app (or, in a browser, the site), turned into
 * {@link Decision#CORRESPONDENT_ABROAD} when the window title or the people the page shows name a
 * correspondent abroad. It tells the gate when capture changes between allowed and not allowed, the
 * changes the gate stores as content-free {@code suspended} and {@code unsuspended} markers, counts
 * the suspensions, and publishes the state for other threads.
 *
 * <p>Pipeline thread only: other threads read the verdict through {@link PrivacyGate.View}, one
 * value published after each decision.
 */
final class ForegroundVerdict {
    /** What a new verdict changes. */
    enum Change { NONE, SUSPENDS, UNSUSPENDS }

    private final Policy policy;
    private final Correspondents correspondents;
    /** Told (before the new state is published) each time capture becomes withheld. */
    private final Runnable onWithheld;
    private Decision decision;
    private long suspensions;

    ForegroundVerdict(Policy policy, Correspondents correspondents, Runnable onWithheld) {
        this.policy = policy;
        this.correspondents = correspondents;
        this.onWithheld = onWithheld;
    }

    /** The verdict for this foreground, page and the people the page shows (not taken yet). */
    Decision judge(AppContext foreground, String url, List<String> recipients) {
        Decision d = policy.decide(foreground, url);
        if (d.allowed() && abroad(foreground, recipients)) d = Decision.CORRESPONDENT_ABROAD;
        return d;
    }

    private boolean abroad(AppContext foreground, List<String> recipients) {
        if (correspondents.isEmpty()) return false;
        if (correspondents.blockedInText(foreground.title())) return true;
        for (String r : recipients) if (correspondents.blockedInText(r)) return true;
        return false;
    }

    /** Takes a verdict and publishes it; says whether capture was suspended or allowed again by it. */
    Change take(Decision d) {
        Decision old = decision;
        decision = d;
        boolean suspends = !d.allowed() && (old == null || old.allowed());
        if (suspends) onWithheld.run();
        if (old == d) return Change.NONE;
        if (suspends) {
            suspensions++;
            return Change.SUSPENDS;
        }
        return d.allowed() && old != null && !old.allowed() ? Change.UNSUSPENDS : Change.NONE;
    }

    /** The verdict in force, or null before the first. */
    Decision current() {
        return decision;
    }

    /** Whether a verdict was taken yet. */
    boolean known() {
        return decision != null;
    }

    /** Whether the verdict in force allows capture. */
    boolean allows() {
        return decision != null && decision.allowed();
    }

    /** Whether the verdict in force withholds capture (false before the first). */
    boolean withholds() {
        return decision != null && !decision.allowed();
    }

    /** Why capture is suspended (before the first verdict: no window yet), or null when it is allowed. */
    String withheldReason() {
        if (decision == null) return Decision.NO_WINDOW.reason();
        return decision.allowed() ? null : decision.reason();
    }

    long suspensions() {
        return suspensions;
    }
}
