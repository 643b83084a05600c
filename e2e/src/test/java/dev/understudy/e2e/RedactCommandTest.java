package dev.understudy.e2e;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.demo.Processes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `understudy redact` as a user runs it: text on stdin, redacted lines on stdout. */
@Tag("e2e")
class RedactCommandTest {
    static String run(String input, String... args) throws Exception {
        List<String> cmd = Processes.javaCommand("dev.understudy.cli.Main");
        cmd.add("redact");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return out;
    }

    @Test
    void replacesEachEntityLineForLine() throws Exception {
        String out = run("Mail jane.doe@example.com or call +1 415 555 0132\nnothing personal here\nVisa 4111 1111 1111 1111\n");
        assertEquals(List.of("Mail [EMAIL] or call [PHONE]", "nothing personal here", "Visa [CREDIT_CARD]"), out.lines().toList());
    }

    @Test
    void jsonGivesKindsAndOffsets() throws Exception {
        String out = run("key ghp_0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ\n", "--json");
        assertEquals("{\"text\":\"key [SECRET]\",\"entities\":[{\"kind\":\"SECRET\",\"start\":4,\"end\":44}]}", out.trim());
    }
}
