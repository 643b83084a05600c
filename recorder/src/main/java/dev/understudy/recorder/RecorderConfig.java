package dev.understudy.recorder;

import dev.understudy.privacy.gate.PolicyGate;
import java.nio.file.Path;

/**
 * What a recording needs to know.
 *
 * @param durationSeconds stop after this many seconds; 0 records until SIGTERM/SIGINT
 * @param clipboardCap clipboard text is cut to this many characters
 * @param policy the privacy policy (docs/policy.md); null means the built-in default unless a gate is given
 */
public record RecorderConfig(Path dataDir, long durationSeconds, int clipboardCap, boolean acceptNotice, PolicyGate gate,
                             dev.understudy.privacy.policy.Policy policy, boolean accessibility) {
    public static final int DEFAULT_CLIPBOARD_CAP = 4096;

    /**
     * Without a policy: a given gate is used as is (tools and benchmarks); with neither, the
     * built-in default policy applies.
     */
    public RecorderConfig(Path dataDir, long durationSeconds, int clipboardCap, boolean acceptNotice, PolicyGate gate) {
        this(dataDir, durationSeconds, clipboardCap, acceptNotice, gate, null, true);
    }

    /** With the accessibility source on (when the desktop has an accessibility bus). */
    public RecorderConfig(Path dataDir, long durationSeconds, int clipboardCap, boolean acceptNotice, PolicyGate gate,
                          dev.understudy.privacy.policy.Policy policy) {
        this(dataDir, durationSeconds, clipboardCap, acceptNotice, gate, policy, true);
    }
}
