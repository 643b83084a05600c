package dev.understudy.privacy.redact;

import java.util.List;
import java.util.Locale;

/** Times {@link TextRedactor#redact} on short strings; used by RedactorPerformanceTest and by hand. */
public final class RedactorBenchmark {
    private RedactorBenchmark() {}

    public static final List<String> SHORT = List.of(
            "ok will do, thanks",
            "Hi Priya, can you send the deck before Friday?",
            "git commit -m \"Fix PROJ-1234 null check\"",
            "Call me at (415) 555-0132 if the build breaks",
            "https://app.example.com/users?email=tomasz%40initech.io&tab=billing",
            "export GITHUB_TOKEN=ghp_0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ",
            "Quarterly Business Review - Google Sheets",
            "Order ORD-2024-88172 total $1,299.00 shipped 2024-03-05",
            "ssh deploy@10.20.30.40 -p 2222",
            "Ship it to 981 Sunset Blvd, Austin, TX 78701 by Monday.",
            "the quick brown fox jumps over the lazy dog",
            "Inbox (3) - ngozi.okafor@hooli.com - Gmail");

    /** Mean microseconds per call over {@code rounds} passes of {@link #SHORT}, after a warm-up. */
    public static double meanMicros(TextRedactor r, int rounds) {
        for (int i = 0; i < 3000; i++) {
            for (String s : SHORT) {
                r.redact(s);
            }
        }
        long t0 = System.nanoTime();
        int calls = 0;
        for (int i = 0; i < rounds; i++) {
            for (String s : SHORT) {
                r.redact(s);
                calls++;
            }
        }
        return (System.nanoTime() - t0) / 1000.0 / calls;
    }

    /**
     * Median over the strings of {@link #SHORT} of each string's mean time (after a warm-up), in
     * microseconds: the figure docs/benchmarks.md reports.
     */
    public static double medianMicros(TextRedactor r, int rounds) {
        for (int i = 0; i < 10000; i++) {
            for (String s : SHORT) {
                r.redact(s);
            }
        }
        double[] per = new double[SHORT.size()];
        for (int k = 0; k < per.length; k++) {
            String s = SHORT.get(k);
            for (int i = 0; i < 2000; i++) {
                r.redact(s);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                r.redact(s);
            }
            per[k] = (System.nanoTime() - t0) / 1000.0 / rounds;
        }
        java.util.Arrays.sort(per);
        return (per[per.length / 2 - 1] + per[per.length / 2]) / 2;
    }

    /** Heap in use after full collections, in bytes. */
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    /**
     * Heap retained by the name model and its lexicons (what the recorder holds for names), and by
     * the whole default redactor, measured in this fresh JVM: {@code {model, redactor}} in bytes.
     */
    public static long[] retainedBytes() {
        long base = usedAfterGc();
        PersonModel m = PersonModel.shipped();
        Lexicon l = Lexicon.defaults();
        long model = usedAfterGc() - base;
        TextRedactor r = TextRedactor.defaults();
        r.redact("Hi Priya, call +1 415 555 0132 about 12 rue de la Paix, 75002 Paris");
        long all = usedAfterGc() - base;
        if (m == null || l == null || r == null) {
            throw new IllegalStateException();
        }
        return new long[] {model, all};
    }

    public static void main(String[] args) {
        long[] mem = retainedBytes();
        System.out.printf(Locale.ROOT, "heap retained: name model + lexicons %.1f MB, whole redactor %.1f MB%n",
                mem[0] / 1e6, mem[1] / 1e6);
        TextRedactor r = TextRedactor.defaults();
        System.out.printf(Locale.ROOT, "median %.1f µs per short string%n", medianMicros(r, 5000));
        System.out.printf(Locale.ROOT, "mean %.1f µs per short string%n", meanMicros(r, 5000));
        for (String s : SHORT) {
            for (int i = 0; i < 2000; i++) {
                r.redact(s);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < 5000; i++) {
                r.redact(s);
            }
            System.out.printf(Locale.ROOT, "%7.1f µs  %s%n", (System.nanoTime() - t0) / 1000.0 / 5000, s);
        }
    }
}
