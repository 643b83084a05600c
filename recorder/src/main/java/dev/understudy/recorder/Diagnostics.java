package dev.understudy.recorder;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One-line warnings on stderr, each kind at most once per process. */
public final class Diagnostics {
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private Diagnostics() {}

    public static void warnOnce(String kind, String message) {
        if (SEEN.add(kind)) System.err.println("understudy: warning: " + oneLine(message));
    }

    public static String oneLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
