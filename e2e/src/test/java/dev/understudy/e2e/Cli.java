package dev.understudy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.understudy.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs an `understudy` command in this JVM, with its output and errors captured through picocli's writers. */
public final class Cli {
    private Cli() {}

    /** What a command printed, and its exit code. */
    public record Result(int code, String out, String err) {}

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a command that must succeed; returns what it printed. */
    public static String ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), "understudy " + String.join(" ", args) + ": " + r.out() + r.err());
        return r.out();
    }
}
