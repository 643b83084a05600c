package dev.understudy.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.collector.TestClient.Res;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.api.Messages.EnrollResponse;
import dev.understudy.collector.api.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every path and method of the served OpenAPI document with hostile requests: no or someone
 * else's credential, malformed JSON, a 5 MB body, path traversal and absurd ids. Every answer is a
 * 4xx (never a 5xx) without stack trace text, and the server still answers afterwards.
 */
@Tag("unit")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiFuzzTest {
    @TempDir Path tmp;

    @Test
    void hostileRequestsGetOneLine4xx() throws Exception {
        Path dir = tmp.resolve("server");
        try (CollectorServer s = CollectorServer.start(ServerConfig.of(dir).withPort(0).withBind("127.0.0.1"));
             ServerAdmin admin = ServerAdmin.open(dir)) {
            TestClient c = new TestClient(s.url(), s.fingerprint());
            String token = admin.createEnrollToken("t", Duration.ofMinutes(5));
            EnrollResponse other = c.enroll(token, "mallory");
            String otherCred = other.credential();
            // the document needs a credential
            assertEquals(401, c.get(Wire.API + "/openapi.json", null).status());
            Res docRes = c.get(Wire.API + "/openapi.json", otherCred);
            assertEquals(200, docRes.status());
            JsonNode doc = Wire.MAPPER.readTree(docRes.body());
            assertTrue(doc.get("openapi").asText().startsWith("3.1"));

            List<String> ids = List.of("..%2F..", "..%2F..%2Fetc%2Fpasswd", "%00", "a%00b", "%2e%2e", "..", "A".repeat(5000), "x".repeat(65),
                    "0".repeat(64), "%FF%FE", "%252e%252e%252f");
            byte[] big = new byte[5 * 1024 * 1024];
            List<byte[]> bodies = List.of("{".getBytes(), "not json".getBytes(), "[1,2,3]".getBytes(), "null".getBytes(),
                    "{\"chunks\":[\"../x\"],\"session\":{\"a\":1},\"files\":\"x\",\"token\":1,\"hours\":\"many\"}".getBytes(),
                    "{\"files\":[{\"path\":\"../../etc/passwd\",\"size\":-1,\"chunks\":[\"zz\"]}]}".getBytes(), "\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1),
                    big);
            int requests = 0;
            Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
            while (paths.hasNext()) {
                var p = paths.next();
                Iterator<String> methods = p.getValue().fieldNames();
                while (methods.hasNext()) {
                    String method = methods.next().toUpperCase();
                    List<String> concrete = new ArrayList<>();
                    if (p.getKey().contains("{")) {
                        for (String id : ids) concrete.add(p.getKey().replaceAll("\\{[^}]+}", id));
                    } else {
                        concrete.add(p.getKey());
                    }
                    for (String path : concrete) {
                        for (String cred : new String[] {null, otherCred, "UDC1." + other.deviceId() + "." + "x".repeat(43)}) {
                            for (byte[] body : bodies) {
                                for (String enc : new String[] {null, "gzip"}) {
                                    requests++;
                                    Res r;
                                    try {
                                        r = send(c, method, path, cred, body, enc);
                                    } catch (IOException e) {
                                        // the server closes a connection whose 5 MB body it refused without reading; the
                                        // client may find that out on its next request over the same connection: retry once
                                        try {
                                            r = send(c, method, path, cred, body, enc);
                                        } catch (IOException e2) {
                                            assertTrue(body == big, method + " " + path + ": " + e2);
                                            continue;
                                        }
                                    }
                                    String where = method + " " + clip(path) + " cred=" + (cred != null) + " body=" + body.length + " enc=" + enc + ": " + r.status() + " " + clip(r.body());
                                    assertTrue(r.status() < 500, where);
                                    if (path.equals(Wire.API + "/health")) continue;
                                    if (path.equals(Wire.API + "/openapi.json") && r.status() == 200) continue;
                                    if (r.status() < 300 && cred == otherCred) continue; // its own data (checked in CollectorServerTest)
                                    assertTrue(r.status() >= 400 || r.status() == 204, where);
                                    assertFalse(r.body().contains("at dev.") || r.body().contains("Exception") || r.body().contains("at java.")
                                            || r.body().contains("at org."), where);
                                }
                            }
                        }
                    }
                }
            }
            assertTrue(requests > 500, "requests: " + requests);
            // unknown endpoints and methods
            for (String[] x : new String[][] {{"GET", "/nope"}, {"DELETE", Wire.API + "/sessions"}, {"GET", Wire.API + "/../../etc/passwd"},
                {"POST", Wire.API + "/health"}, {"GET", "/%2e%2e/%2e%2e/etc/passwd"}}) {
                Res r = c.send(x[0], x[1], otherCred, null, null);
                assertTrue(r.status() >= 400 && r.status() < 500, x[0] + " " + x[1] + ": " + r.status());
                assertFalse(r.body().contains("Exception") || r.body().contains("at dev."), r.body());
            }
            assertEquals(200, c.get(Wire.API + "/health", null).status());
            // the other device's data is untouched and still its own
            assertEquals(200, c.get(Wire.API + "/device", otherCred).status());
        }
    }

    static Res send(TestClient c, String method, String path, String cred, byte[] body, String enc) throws Exception {
        return enc == null ? c.send(method, path, cred, body, "application/json")
                : c.send(method, path, cred, body, "application/json", "Content-Encoding", enc);
    }

    static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
