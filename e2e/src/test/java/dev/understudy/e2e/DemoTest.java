package dev.understudy.e2e;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.demo.BrowserProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command goes the whole way: records the desktop (and, with Chromium, the web)
 * workflow, uploads to its own local collector, and builds the Hugging Face dataset from it, with
 * its card, plots and lineage; and it says where each is.
 */
@Tag("e2e")
@Timeout(600)
class DemoTest {
    @TempDir Path tmp;

    @Test
    void theDemoRecordsUploadsAndBuildsTheDataset() throws Exception {
        Path out = tmp.resolve("demo");
        Cli.Result r = Cli.run("demo", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        int sessions = BrowserProcess.available() ? 2 : 1;
        assertTrue(r.out().matches("(?s).*the collector \\(.*\\) has " + sessions + " session.*"), r.out());
        Matcher m = Pattern.compile("wrote (\\d+) rows \\((\\d+) tasks of (\\d+)\\) from (\\d+) sessions").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(sessions, Integer.parseInt(m.group(4)), r.out());
        assertTrue(Integer.parseInt(m.group(1)) > 20, "rows: " + m.group(1));
        Path ds = out.resolve("hf-dataset");
        for (String f : List.of("README.md", "stats.html", "manifest.json", "data/train-00000-of-00001.parquet")) {
            assertTrue(Files.isRegularFile(ds.resolve(f)), f + " in " + ds);
            assertTrue(r.out().contains(ds.toAbsolutePath().toString()), "the demo says where the dataset is");
        }
        String listed = Cli.ok("admin", "sessions", "--data", out.resolve("collector").toString());
        assertEquals(sessions, listed.lines().filter(l -> l.matches("[0-9a-f]{32}\\s+.*")).count(), listed);
        // a second run replaces the first (a fresh collector and dataset)
        Cli.Result again = Cli.run("demo", "--out", out.toString(), "--no-browser");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().matches("(?s).*the collector \\(.*\\) has 1 session.*"), "a fresh collector: " + again.out());
    }
}
