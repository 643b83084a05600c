package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import java.awt.image.BufferedImage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class SessionStoreTest {
    @TempDir Path tmp;

    static Manifest manifest(String id) {
        return new Manifest(TraceFormat.VERSION, id, "test", "Linux", "6", "amd64", "x11", "UTC", 1000L, null, null,
                List.of(new Monitor(0, 0, 0, 64, 48, 1.0)));
    }

    static List<RawEvent> sampleEvents(int n) {
        List<RawEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new RawEvent.KeyDown(i * 1000L, 1000L + i, 30, "a", "a", 0));
        return out;
    }

    @Test
    void eventsAndManifestRoundTrip() {
        DataDir dd = DataDir.at(tmp);
        SessionWriter w = dd.createSession(manifest("s1"));
        List<RawEvent> ev = sampleEvents(500);
        for (int i = 0; i < ev.size(); i++) {
            w.append(ev.get(i));
            if (i % 100 == 0) w.flush();
        }
        w.finish(5000L, "duration");
        SessionReader r = dd.open("s1");
        assertEquals(ev, r.events());
        assertEquals(5000L, r.endWall());
        assertFalse(r.unfinished());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals(List.of("s1"), dd.sessionIds());
    }

    @Test
    void aTornTailLosesOnlyTheLastBlock() throws Exception {
        DataDir dd = DataDir.at(tmp);
        SessionWriter w = dd.createSession(manifest("s2"));
        List<RawEvent> ev = sampleEvents(300);
        for (int i = 0; i < 300; i++) {
            w.append(ev.get(i));
            if (i % 50 == 49) w.flush();
        }
        // simulate kill -9: no finish(), and the last block is cut in the middle
        Path seg = dd.open("s2").segments().get(0);
        long len = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(len - 7);
        }
        SessionReader r = dd.open("s2");
        assertEquals(ev.subList(0, 250), r.events());
        assertTrue(r.unfinished());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertEquals(1000L + 249, r.endWall());
    }

    @Test
    void everyTruncationPointKeepsEveryCompleteBlock() throws Exception {
        DataDir dd = DataDir.at(tmp);
        SessionWriter w = dd.createSession(manifest("s3"));
        List<RawEvent> ev = sampleEvents(40);
        List<Long> blockEnds = new ArrayList<>();
        Path seg = null;
        for (int i = 0; i < 40; i++) {
            w.append(ev.get(i));
            if (i % 10 == 9) {
                w.flush();
                seg = dd.open("s3").segments().get(0);
                blockEnds.add(Files.size(seg));
            }
        }
        byte[] all = Files.readAllBytes(seg);
        for (int cut = 0; cut <= all.length; cut++) {
            Files.write(seg, java.util.Arrays.copyOf(all, cut));
            int complete = 0;
            for (long e : blockEnds) if (e <= cut) complete++;
            assertEquals(ev.subList(0, complete * 10), dd.open("s3").events(), "cut at " + cut);
        }
    }

    @Test
    void aDamagedBlockInTheMiddleIsSkippedAndTheRestIsRead() throws Exception {
        DataDir dd = DataDir.at(tmp);
        SessionWriter w = dd.createSession(manifest("s4"));
        List<RawEvent> ev = sampleEvents(30);
        for (int i = 0; i < 30; i++) {
            w.append(ev.get(i));
            if (i % 10 == 9) w.flush();
        }
        w.finish(9000L, "signal");
        Path seg = dd.open("s4").segments().get(0);
        byte[] all = Files.readAllBytes(seg);
        all[TraceFormat.BLOCK_HEADER_BYTES + 3] ^= 0x5a; // corrupt the first block's payload
        Files.write(seg, all);
        SessionReader r = dd.open("s4");
        assertEquals(ev.subList(10, 30), r.events());
        assertEquals(1, r.problems().size());
    }

    @Test
    void framesAreContentAddressedAndLossless() {
        DataDir dd = DataDir.at(tmp);
        SessionWriter w = dd.createSession(manifest("s5"));
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | (x ^ y));
        String a = w.frames().put(img);
        String b = w.frames().put(img);
        assertEquals(a, b);
        BufferedImage back = dd.open("s5").frames().read(a);
        for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) assertEquals(img.getRGB(x, y), back.getRGB(x, y));
        assertEquals(a, FrameIds.of(back));
    }

    @Test
    void aSecondRecorderIsRefusedAndTheLockDiesWithItsHolder() {
        DataDir dd = DataDir.at(tmp);
        try (DataDir.RecorderLock l = dd.lockForRecording()) {
            TraceException e = assertThrows(TraceException.class, dd::lockForRecording);
            assertTrue(e.getMessage().startsWith("another recorder is already recording"), e.getMessage());
        }
        dd.lockForRecording().close();
        assertEquals(-1, dd.runningRecorderPid());
    }

    @Test
    void aNewerFormatIsRefusedWithOneLine() throws Exception {
        Path d = tmp.resolve("sessions/s6");
        Files.createDirectories(d);
        Files.writeString(d.resolve("manifest.json"), "{\"format\": 99, \"session\": \"s6\"}");
        TraceException e = assertThrows(TraceException.class, () -> DataDir.at(tmp).open("s6"));
        assertTrue(e.getMessage().contains("trace format 99"), e.getMessage());
        Files.writeString(d.resolve("manifest.json"), "{garbage");
        e = assertThrows(TraceException.class, () -> DataDir.at(tmp).open("s6"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
