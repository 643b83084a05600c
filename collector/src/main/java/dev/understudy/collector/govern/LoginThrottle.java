package dev.understudy.collector.govern;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing: per account and per client address, after {@link #FREE_ACCOUNT} (resp.
 * {@link #FREE_IP}) failed logins in a row each further failure locks for 30 s, doubling up to 15
 * minutes. A success clears the account's count (not the address's). While locked every attempt is
 * refused without checking the password, so a right guess during the lockout does not get in.
 */
public final class LoginThrottle {
    public static final int FREE_ACCOUNT = 5;
    public static final int FREE_IP = 20;
    public static final long MAX_LOCK_MS = 15 * 60_000L;
    public static final long BASE_LOCK_MS = 30_000L;

    private record State(int failures, long lockedUntil) {}

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public LoginThrottle() {
        this(System::currentTimeMillis);
    }

    public LoginThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /** Milliseconds until the account or the address may try again; 0: now. */
    public long wait(String account, String ip) {
        long now = clock.getAsLong();
        long w = 0;
        for (String k : new String[] {"a:" + account, "i:" + ip}) {
            State s = states.get(k);
            if (s != null && s.lockedUntil > now) w = Math.max(w, s.lockedUntil - now);
        }
        return w;
    }

    public void failed(String account, String ip) {
        bump("a:" + account, FREE_ACCOUNT);
        bump("i:" + ip, FREE_IP);
        if (states.size() > 100_000) states.entrySet().removeIf(e -> e.getValue().lockedUntil < clock.getAsLong() - MAX_LOCK_MS);
    }

    public void succeeded(String account) {
        states.remove("a:" + account);
    }

    private void bump(String key, int free) {
        long now = clock.getAsLong();
        states.compute(key, (k, s) -> {
            int n = (s == null ? 0 : s.failures) + 1;
            long lock = n <= free ? 0 : Math.min(MAX_LOCK_MS, BASE_LOCK_MS << Math.min(20, n - free - 1));
            return new State(n, lock == 0 ? 0 : now + lock);
        });
    }
}
