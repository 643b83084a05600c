package dev.understudy.privacy.redact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What {@code understudy redact [--json]} runs: reads lines from standard input and writes each
 * line redacted, or with {@code json} one object a line:
 * {@code {"text":"<redacted>","entities":[{"kind":"EMAIL","start":5,"end":19}]}} (offsets in the
 * input line, UTF-16 code units).
 */
public final class RedactCli {
    private RedactCli() {}

    /** Redacts stdin to stdout with every kind and no directory. Returns the exit code (0). */
    public static int run(boolean json) {
        return run(System.in, System.out, json, TextRedactor.defaults());
    }

    /** Same, pseudonymising the colleagues of {@code directory} (CSV or YAML; null for none). */
    public static int run(boolean json, Path directory) {
        TextRedactor r;
        try {
            r = TextRedactor.builder().directory(directory).build();
        } catch (DirectoryException | UncheckedIOException e) {
            // bad input: one line, never a stack trace
            String why = e.getCause() instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
            System.err.println("redact: cannot use directory " + directory + ": " + why);
            return 2;
        }
        return run(System.in, System.out, json, r);
    }

    public static int run(InputStream in, OutputStream out, boolean json, TextRedactor redactor) {
        JsonFactory factory = new JsonFactory();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                RedactionResult res = redactor.redact(line);
                w.write(json ? toJson(factory, res) : res.text());
                w.write('\n');
                if (!r.ready()) {
                    w.flush(); // interactive use: answer each line as it comes
                }
            }
            w.flush();
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(JsonFactory factory, RedactionResult res) throws IOException {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("text", res.text());
            g.writeArrayFieldStart("entities");
            for (Entity e : res.entities()) {
                g.writeStartObject();
                g.writeStringField("kind", e.kind().name());
                g.writeNumberField("start", e.start());
                g.writeNumberField("end", e.end());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return sw.toString();
    }

    /** {@code java ... RedactCli [--json] [--directory FILE]}. */
    public static void main(String[] args) {
        boolean json = false;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = true;
            } else if (args[i].equals("--directory") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else {
                System.err.println("redact: unknown argument " + args[i] + " (usage: redact [--json] [--directory FILE])");
                System.exit(2);
            }
        }
        System.exit(run(json, dir));
    }
}
