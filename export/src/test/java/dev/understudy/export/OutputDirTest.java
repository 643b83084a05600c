package dev.understudy.export;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class OutputDirTest {
    @TempDir Path tmp;

    @Test
    void createsMissingAndAcceptsEmpty() throws Exception {
        Path out = tmp.resolve("a/b/out");
        OutputDir.prepare(out, false);
        assertTrue(Files.isDirectory(out));
        OutputDir.prepare(out, false);
    }

    @Test
    void refusesNonEmptyWithoutForce() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("old.txt"), "x");
        ExportException e = assertThrows(ExportException.class, () -> OutputDir.prepare(out, false));
        assertEquals(out + " is not empty; pass --force to write into it anyway", e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        OutputDir.prepare(out, true);
    }

    @Test
    void refusesAFile() throws Exception {
        Path f = tmp.resolve("file");
        Files.writeString(f, "x");
        assertThrows(ExportException.class, () -> OutputDir.prepare(f, true));
    }

    @Test
    void runRefusesThenForceOverwrites() throws Exception {
        Fixtures fx = new Fixtures(tmp.resolve("trace"));
        Path out = tmp.resolve("out");
        Exporters.run("steps", List.of(fx.session("one")), out, false);
        assertThrows(ExportException.class, () -> Exporters.run("steps", List.of(fx.session("two")), out, false));
        assertTrue(Files.readString(out.resolve("steps.jsonl")).contains("\"one\""));
        Exporters.run("steps", List.of(fx.session("two")), out, true);
        String s = Files.readString(out.resolve("steps.jsonl"));
        assertTrue(s.contains("\"two\"") && !s.contains("\"one\""), "rewritten, not appended");
        try (var files = Files.list(out.resolve("frames"))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void lookupByName() {
        assertEquals(List.of("steps", "agentnet", "osworld", "mind2web"), Exporters.names());
        assertEquals("steps", Exporters.byName(null).name());
        assertEquals("agentnet", Exporters.byName("AgentNet").name());
        ExportException unknown = assertThrows(ExportException.class, () -> Exporters.byName("csv"));
        assertEquals("unknown export format 'csv'; available: steps, agentnet, osworld, mind2web", unknown.getMessage());
        ExportException planned = assertThrows(ExportException.class, () -> Exporters.byName("parquet"));
        assertTrue(planned.getMessage().startsWith("export format 'parquet' is not available yet"), planned.getMessage());
    }

    @Test
    void unknownFormatDoesNotCreateTheDirectory() {
        Path out = tmp.resolve("never");
        assertThrows(ExportException.class, () -> Exporters.run("nope", List.of(), out, false));
        assertTrue(Files.notExists(out));
    }
}
