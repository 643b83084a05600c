package dev.understudy.e2e.browser;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.understudy.browser.ExtensionFiles;
import dev.understudy.browser.BridgeProtocol;
import dev.understudy.cli.Main;
import dev.understudy.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped extension and what install-browser-bridge and extension-dir write. No browser needed. */
@Tag("e2e")
class ExtensionAndInstallTest {
    static final Path REPO_EXTENSION = Path.of("..", "browser", "extension");
    @TempDir Path tmp;

    @Test
    void theJarShipsExactlyTheExtensionFolder() throws Exception {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(REPO_EXTENSION)) {
            s.filter(Files::isRegularFile).forEach(p -> files.add(p.getFileName().toString()));
        }
        assertEquals(ExtensionFiles.FILES.stream().sorted().toList(), files.stream().sorted().toList());
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(REPO_EXTENSION.resolve(f)), ExtensionFiles.bytes(f), f + " is stale in the build");
        }
    }

    @Test
    void theExtensionIdIsFixedByThePublicKeyInTheManifest() throws Exception {
        JsonNode m = Json.MAPPER.readTree(Files.readString(REPO_EXTENSION.resolve("manifest.json")));
        byte[] der = Base64.getDecoder().decode(m.get("key").asText());
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(der);
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append((char) ('a' + ((sha[i] >> 4) & 0xf))).append((char) ('a' + (sha[i] & 0xf)));
        }
        assertEquals(BridgeProtocol.EXTENSION_ID, id.toString());
        assertEquals(3, m.get("manifest_version").asInt());
        // no web page and no other extension may message it
        assertEquals(0, m.at("/externally_connectable/matches").size());
        assertEquals(0, m.at("/externally_connectable/ids").size());
        List<String> perms = new ArrayList<>();
        m.get("permissions").forEach(p -> perms.add(p.asText()));
        assertEquals(List.of("nativeMessaging", "webNavigation"), perms);
        assertTrue(m.at("/content_scripts/0/all_frames").asBoolean());
        assertTrue(m.at("/content_scripts/0/match_about_blank").asBoolean());
        assertFalse(Files.readString(REPO_EXTENSION.resolve("manifest.json")).contains("PRIVATE KEY"));
    }

    @Test
    void installWritesAHostManifestPinnedToTheExtension() throws Exception {
        Path data = tmp.resolve("data");
        Path profile = tmp.resolve("profile");
        String out = run("install-browser-bridge", "--data", data.toString(), "--user-data-dir", profile.toString());
        Path manifest = profile.resolve("NativeMessagingHosts").resolve(BridgeProtocol.HOST_NAME + ".json");
        assertTrue(out.contains(manifest.toAbsolutePath().normalize().toString()), out);
        JsonNode m = Json.MAPPER.readTree(Files.readString(manifest));
        assertEquals(BridgeProtocol.HOST_NAME, m.get("name").asText());
        assertEquals("stdio", m.get("type").asText());
        assertEquals(1, m.get("allowed_origins").size());
        assertEquals(BridgeProtocol.ORIGIN, m.get("allowed_origins").get(0).asText());
        Path launcher = Path.of(m.get("path").asText());
        assertTrue(launcher.isAbsolute());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher)));
        String script = Files.readString(launcher);
        assertTrue(script.contains("dev.understudy.browser.NativeHost --data '" + data.toAbsolutePath().normalize() + "'"), script);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher.getParent())));
        // extension-dir writes the same files
        Path ext = Path.of(run("extension-dir", "--data", data.toString()).trim());
        for (String f : ExtensionFiles.FILES) assertArrayEquals(ExtensionFiles.bytes(f), Files.readAllBytes(ext.resolve(f)));
    }

    @Test
    void browserWithoutAChromiumSaysWhatToInstall() throws Exception {
        // an unknown browser name is refused with a clear message, before anything starts
        dev.understudy.e2e.Cli.Result r = dev.understudy.e2e.Cli.run("browser", "--data", tmp.resolve("d").toString(), "--browser", "netscape");
        int code = r.code();
        String err = r.err();
        assertEquals(2, code);
        assertTrue(err.contains("--browser must be chromium or chrome"), err);
    }

    static String run(String... args) {
        return dev.understudy.e2e.Cli.ok(args);
    }
}
