package dev.understudy.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.api.Chunks;
import dev.understudy.collector.api.Messages.FileEntry;
import dev.understudy.collector.api.Messages.MissingRequest;
import dev.understudy.collector.api.Messages.MissingResponse;
import dev.understudy.collector.api.Messages.SessionCommit;
import dev.understudy.collector.api.Wire;
import dev.understudy.model.AppContext;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.RawEvent;
import dev.understudy.trace.DataDir;
import dev.understudy.trace.SessionWriter;
import dev.understudy.trace.TraceFormat;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Real sessions written through the trace API (as the recorder writes them) and uploaded as a device does. */
public final class SessionFixture {
    private SessionFixture() {}

    /** A session of one window with this title and URL in which {@code typed} was typed; returns its id. */
    public static String write(Path dataRoot, String id, long start, String app, String title, String url, String typed) {
        try (DataDir dd = DataDir.at(dataRoot)) {
            Manifest m = new Manifest(TraceFormat.VERSION, id, "0.1.0", "Linux", "6", "amd64", "x11", "UTC", start, null, null,
                    List.of(new Monitor(0, 0, 0, 64, 48, 1.0)));
            SessionWriter w = dd.createSession(m);
            BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x + y) & 0xff));
            String fid = w.frames().put(img);
            long mono = 1_000_000L;
            w.append(new RawEvent.WindowFocus(mono, start + 1, new AppContext(app, app, title, 42, null, url)));
            w.append(new RawEvent.Frame(mono + 10, start + 2, fid, 0, 64, 48, dev.understudy.model.FrameReason.START));
            for (int i = 0; i < typed.length(); i++) {
                String ch = String.valueOf(typed.charAt(i));
                mono += 50_000_000L;
                w.append(new RawEvent.KeyDown(mono, start + mono / 1_000_000, 30, ch, ch, 0));
                w.append(new RawEvent.KeyUp(mono + 1000, start + mono / 1_000_000, 30, ch, 0));
            }
            w.finish(start + mono / 1_000_000 + 1000, "signal");
            w.close();
        }
        return id;
    }

    /** Uploads a written session with the device's credential and commits it (201). */
    public static void upload(TestClient client, String cred, Path dataRoot, String session) throws Exception {
        Path dir = dataRoot.resolve("sessions").resolve(session);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (rel.matches(Wire.FILE_PATH)) files.put(rel, Files.readAllBytes(f));
            }
        }
        Path tiles = dataRoot.resolve("tiles");
        if (Files.isDirectory(tiles)) try (Stream<Path> s = Files.list(tiles)) {
            for (Path f : s.sorted().toList()) {
                String rel = "tiles/" + f.getFileName();
                if (rel.matches(Wire.FILE_PATH)) files.put(rel, Files.readAllBytes(f));
            }
        }
        List<FileEntry> entries = new ArrayList<>();
        Map<String, byte[]> chunks = new LinkedHashMap<>();
        for (var f : files.entrySet()) {
            byte[] b = f.getValue();
            List<String> ids = new ArrayList<>();
            int step = 1 << 20;
            for (int off = 0; off < b.length || off == 0; off += step) {
                byte[] part = java.util.Arrays.copyOfRange(b, off, Math.min(b.length, off + step));
                String cid = Chunks.id(part);
                ids.add(cid);
                chunks.put(cid, part);
                if (b.length == 0) break;
            }
            entries.add(new FileEntry(f.getKey(), b.length, ids));
        }
        var m = client.json("POST", Wire.API + "/chunks/missing", cred, new MissingRequest(new ArrayList<>(chunks.keySet())));
        if (m.status() != 200) throw new AssertionError(m.body());
        for (String cid : m.as(MissingResponse.class).missing()) {
            var p = client.put(Wire.API + "/chunks/" + cid, cred, chunks.get(cid));
            if (p.status() != 201 && p.status() != 200) throw new AssertionError(p.body());
        }
        JsonNode manifest = Wire.MAPPER.readTree(files.get("manifest.json"));
        var c = client.json("PUT", Wire.API + "/sessions/" + session, cred, new SessionCommit(session, manifest, entries));
        if (c.status() != 201) throw new AssertionError(c.status() + " " + c.body());
    }
}
