package dev.understudy.uploader;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.Wire;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionChunksTest {
    @TempDir Path tmp;

    @Test
    void filesAreCutIntoContentAddressedChunksInAFixedOrder() throws Exception {
        byte[] big = new byte[Wire.CHUNK_BYTES * 2 + 12345];
        new Random(1).nextBytes(big);
        byte[] exact = new byte[Wire.CHUNK_BYTES];
        new Random(2).nextBytes(exact);
        Path a = Files.write(tmp.resolve("a"), "{\"session\":\"s\"}".getBytes());
        Path b = Files.write(tmp.resolve("b"), big);
        Path c = Files.write(tmp.resolve("c"), exact);
        Path d = Files.write(tmp.resolve("d"), new byte[0]);
        Path e = Files.write(tmp.resolve("e"), exact); // the same content again: one chunk, named twice
        List<SessionCopy.CopiedFile> files = List.of(new SessionCopy.CopiedFile("manifest.json", a, Files.size(a)),
                new SessionCopy.CopiedFile("events/000001.useg", b, big.length),
                new SessionCopy.CopiedFile("events/000002.useg", c, exact.length),
                new SessionCopy.CopiedFile("redactions.jsonl", d, 0),
                new SessionCopy.CopiedFile("tiles/pack-000001.utp", e, exact.length));
        SessionChunks sc = SessionChunks.of("s", Wire.MAPPER.createObjectNode().put("session", "s"), files, Wire.CHUNK_BYTES);
        List<Messages.FileEntry> fe = sc.files();
        assertEquals(List.of("manifest.json", "events/000001.useg", "events/000002.useg", "redactions.jsonl", "tiles/pack-000001.utp"),
                fe.stream().map(Messages.FileEntry::path).toList());
        assertEquals(1, fe.get(0).chunks().size());
        assertEquals(3, fe.get(1).chunks().size());
        assertEquals(1, fe.get(2).chunks().size());
        assertEquals(0, fe.get(3).chunks().size());
        assertEquals(0, fe.get(3).size());
        assertEquals(fe.get(2).chunks(), fe.get(4).chunks());
        assertEquals(big.length, fe.get(1).size());
        assertEquals(Chunks.id(big, 0, Wire.CHUNK_BYTES), fe.get(1).chunks().get(0));
        assertEquals(Chunks.id(big, 2 * Wire.CHUNK_BYTES, 12345), fe.get(1).chunks().get(2));
        assertEquals(1 + 3 + 1, sc.chunks().size(), "distinct chunks");
        // the chunks put back together are the file
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        for (String id : fe.get(1).chunks()) {
            byte[] chunk = SessionChunks.read(sc.chunk(id));
            assertTrue(chunk.length <= Wire.CHUNK_BYTES);
            assertEquals(id, Chunks.id(chunk));
            back.writeBytes(chunk);
        }
        assertArrayEquals(big, back.toByteArray());
        Messages.SessionCommit commit = sc.commit();
        assertEquals("s", commit.session());
        assertEquals(fe, commit.files());
        // the commit travels as the contract says
        String json = Wire.MAPPER.writeValueAsString(commit);
        assertTrue(json.contains("\"files\":[{\"path\":\"manifest.json\",\"size\":15,\"chunks\":["), json);
    }

    @Test
    void aChunkThatChangedUnderTheUploadIsNotSent() throws Exception {
        Path a = Files.write(tmp.resolve("a"), "hello".getBytes());
        SessionChunks sc = SessionChunks.of("s", Wire.MAPPER.createObjectNode(), List.of(new SessionCopy.CopiedFile("manifest.json", a, 5)), 4);
        assertEquals(2, sc.chunks().size());
        Files.write(a, "jello".getBytes());
        assertThrows(IllegalStateException.class, () -> SessionChunks.read(sc.chunks().get(0)));
    }

    @Test
    void aRealCopyIsChunkedWithItsManifest() throws Exception {
        var dd = dev.understudy.trace.DataDir.at(tmp.resolve("data"));
        Fixture.session(dd, "20260101-090000-ffff", 1000L, 5000L, 3, true);
        try (SessionCopy copy = SessionCopy.make(dd, "20260101-090000-ffff", tmp.resolve("copy"))) {
            SessionChunks sc = SessionChunks.of(copy);
            assertEquals(copy.bytes(), sc.bytes());
            assertEquals("20260101-090000-ffff", sc.commit().manifest().get("session").asText());
            assertEquals(copy.files().size(), sc.files().size());
        }
    }
}
