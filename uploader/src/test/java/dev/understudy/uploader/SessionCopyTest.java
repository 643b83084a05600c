package dev.understudy.uploader;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.export.ExportSession;
import dev.understudy.export.Exporters;
import dev.understudy.model.RawEvent;
import dev.understudy.privacy.screen.OcrRedactor;
import dev.understudy.privacy.redact.TextRedactor;
import dev.understudy.privacy.screen.RedactedFrames;
import dev.understudy.privacy.screen.RedactionLog;
import dev.understudy.reduce.Reducer;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.FrameIds;
import dev.understudy.trace.SessionReader;
import dev.understudy.trace.TraceFormat;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionCopyTest {
    @TempDir Path tmp;

    private static Map<String, byte[]> tree(Path root) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) out.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return out;
    }

    @Test
    void copyingASessionTwiceGivesIdenticalFiles() throws Exception {
        DataDir dd = DataDir.at(tmp.resolve("data"));
        Fixture.session(dd, "20260101-090000-aaaa", 1_000_000L, 2_000_000L, 6, true);
        try (SessionCopy a = SessionCopy.make(dd, "20260101-090000-aaaa", tmp.resolve("a"));
             SessionCopy b = SessionCopy.make(dd, "20260101-090000-aaaa", tmp.resolve("b"))) {
            assertEquals(a.files().stream().map(SessionCopy.CopiedFile::path).toList(), b.files().stream().map(SessionCopy.CopiedFile::path).toList());
            List<String> paths = a.files().stream().map(SessionCopy.CopiedFile::path).toList();
            assertEquals(List.of("manifest.json", "privacy.json", "redactions.jsonl", "events/000001.useg", "frames/frames.ufl", "tiles/pack-000001.utp"), paths);
            for (String p : paths) assertTrue(p.matches(dev.understudy.collector.api.Wire.FILE_PATH), p);
            for (int i = 0; i < a.files().size(); i++) {
                assertArrayEquals(Files.readAllBytes(a.files().get(i).file()), Files.readAllBytes(b.files().get(i).file()), a.files().get(i).path());
            }
            Map<String, byte[]> ta = tree(a.root());
            Map<String, byte[]> tb = tree(b.root());
            assertEquals(ta.keySet(), tb.keySet());
            for (String k : ta.keySet()) assertArrayEquals(ta.get(k), tb.get(k), k);
            // the manifest is the original's, byte for byte (end and end reason kept)
            assertArrayEquals(Files.readAllBytes(dd.sessionDir("20260101-090000-aaaa").resolve("manifest.json")), Files.readAllBytes(a.files().get(0).file()));
            assertEquals(2_000_000L, a.manifest().get("endWall").asLong());
            assertEquals("signal", a.manifest().get("endReason").asText());
            assertEquals("700", Integer.toOctalString(Files.getPosixFilePermissions(a.root()).stream().mapToInt(p -> 1 << (8 - p.ordinal())).sum()));
            assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(a.root()));
        }
        assertFalse(Files.exists(tmp.resolve("a")), "closing a copy deletes it");
    }

    @Test
    void theCopyIsPlaintextRedactedAndExportsExactlyLikeTheOriginal() throws Exception {
        DataDir dd = DataDir.at(tmp.resolve("data"));
        String id = "20260101-090000-bbbb";
        Fixture.session(dd, id, 1_000_000L, 2_000_000L, 5, true);
        try (SessionCopy copy = SessionCopy.make(dd, id, tmp.resolve("copy"))) {
            assertFalse(Files.exists(copy.root().resolve("spool-key.id")));
            SessionReader orig = dd.open(id);
            SessionReader cp = SessionReader.open(copy.sessionDir(), copy.root());
            assertEquals(orig.events(), cp.events());
            assertTrue(cp.problems().isEmpty(), cp.problems().toString());
            // every frame of the copy is the redacted frame of the original, under the original id
            Map<String, List<dev.understudy.model.Rect>> boxes = RedactionLog.read(orig.dir());
            int redacted = 0;
            for (RawEvent e : orig.events()) {
                if (!(e instanceof RawEvent.Frame f)) continue;
                BufferedImage shown = RedactedFrames.of(orig.frames(), orig.dir()).read(f.id());
                BufferedImage stored = cp.frames().read(f.id());
                assertEquals(FrameIds.of(shown), FrameIds.of(stored), "frame " + f.id());
                if (!boxes.get(f.id()).isEmpty()) {
                    redacted++;
                    assertNotEquals(f.id(), FrameIds.of(stored), "a frame with boxes leaves with them filled");
                }
            }
            assertTrue(redacted >= 2);
            // the copy says every frame was checked, with nothing left to fill
            Map<String, List<dev.understudy.model.Rect>> copyBoxes = RedactionLog.read(cp.dir());
            assertEquals(boxes.keySet(), copyBoxes.keySet());
            assertTrue(copyBoxes.values().stream().allMatch(List::isEmpty));
            assertEquals("ocr", RedactionLog.screenshots(cp.dir()));
            // only this session's tiles, no index
            assertFalse(copy.files().stream().anyMatch(f -> f.path().endsWith(".uti")));

            Path outA = tmp.resolve("export-original");
            Path outB = tmp.resolve("export-copy");
            Exporters.run("steps", List.of(export(orig)), outA, false);
            Exporters.run("steps", List.of(export(cp)), outB, false);
            Map<String, byte[]> a = tree(outA);
            Map<String, byte[]> b = tree(outB);
            assertTrue(a.containsKey("steps.jsonl"));
            assertTrue(a.keySet().stream().filter(k -> k.startsWith("frames/") && k.endsWith(".png")).count() >= 2, a.keySet().toString());
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                if (k.equals("steps.jsonl") || k.startsWith("frames/")) assertArrayEquals(a.get(k), b.get(k), k);
            }
        }
    }

    private static ExportSession export(SessionReader r) {
        return new ExportSession(r.id(), r.manifest(), Reducer.reduce(r.id(), r.manifest(), r.events()),
                RedactedFrames.of(r.frames(), r.dir()), r.events());
    }

    @Test
    void aDeletedSessionNeverLeaves() {
        DataDir dd = DataDir.at(tmp.resolve("data"));
        Fixture.session(dd, "20260101-090000-cccc", 1_000_000L, 2_000_000L, 2, true);
        PrivateFiles.deleteTree(dd.sessionDir("20260101-090000-cccc"));
        SessionRefusedException e = assertThrows(SessionRefusedException.class, () -> SessionCopy.make(dd, "20260101-090000-cccc", tmp.resolve("x")));
        assertTrue(e.gone());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void aFrameThatCannotBeCheckedRefusesTheSession() {
        boolean ocr;
        try {
            OcrRedactor.create(TextRedactor.defaults());
            ocr = true;
        } catch (RuntimeException | LinkageError e) {
            ocr = false;
        }
        DataDir dd = DataDir.at(tmp.resolve("data"));
        Fixture.session(dd, "20260101-090000-dddd", 1_000_000L, 2_000_000L, 2, false);
        if (ocr) {
            // OCR is available here: the unchecked frames are checked now (as an export would), then leave
            try (SessionCopy copy = SessionCopy.make(dd, "20260101-090000-dddd", tmp.resolve("y"))) {
                assertEquals(copy.frames(), RedactionLog.read(dd.sessionDir("20260101-090000-dddd")).size());
            }
            return;
        }
        SessionRefusedException e = assertThrows(SessionRefusedException.class, () -> SessionCopy.make(dd, "20260101-090000-dddd", tmp.resolve("y")));
        assertFalse(e.gone());
        assertTrue(e.getMessage().contains("OCR is not available"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(tmp.resolve("y")), "a refused copy leaves nothing behind");
    }

    @Test
    void identicalRedactedPixelsUnderTwoIdsAreBothStored() throws Exception {
        // two frames that differ only inside a box leave as the same pixels: both ids must be readable
        DataDir dd = DataDir.at(tmp.resolve("data"));
        String id = "20260101-090000-eeee";
        var w = dd.createSession(Fixture.manifest(id, 1000L));
        RedactionLog.writeSessionInfo(w.dir(), Map.of("screenshots", "ocr"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            BufferedImage img = Fixture.frame(0);
            img.setRGB(5, 5, i == 0 ? 0x112233 : 0x332211);
            String fid = w.frames().put(img);
            ids.add(fid);
            w.append(new RawEvent.Frame(i, 1000L + i, fid, 0, Fixture.W, Fixture.H, dev.understudy.model.FrameReason.KEYFRAME));
            RedactionLog.append(w.dir(), fid, "ocr", List.of(new dev.understudy.model.Rect(0, 0, 10, 10)));
        }
        w.finish(2000L, "signal");
        assertNotEquals(ids.get(0), ids.get(1));
        try (SessionCopy copy = SessionCopy.make(dd, id, tmp.resolve("z"))) {
            SessionReader cp = SessionReader.open(copy.sessionDir(), copy.root());
            assertEquals(FrameIds.of(cp.frames().read(ids.get(0))), FrameIds.of(cp.frames().read(ids.get(1))));
            assertEquals(2, copy.frames());
        }
        assertTrue(Files.isDirectory(dd.sessionDir(id).resolve(TraceFormat.EVENTS_DIR)));
    }
}
