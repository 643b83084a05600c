package dev.understudy.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The browser extension as shipped inside the jar (the repository's {@code extension/} folder).
 * Chrome loads an unpacked extension from a folder, so {@link #extract} writes it into one; its ID
 * does not depend on the folder (the manifest's "key" fixes it).
 */
public final class ExtensionFiles {
    /**
     * Every file of extension/ (its top level; extension/test/ holds the JavaScript tests, which
     * browser/pom.xml leaves out of the jar); a test checks that the list matches the folder.
     */
    public static final List<String> FILES = List.of("manifest.json", "background.js", "content.js");
    static final String RESOURCES = "/dev/understudy/extension/";

    private ExtensionFiles() {}

    /** {@code DATA/browser/extension}. */
    public static Path defaultDir(Path dataDir) {
        return dataDir.resolve("browser").resolve("extension");
    }

    /** Writes the bundled extension into {@code dir} (only files that differ) and returns dir, absolute. */
    public static Path extract(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                byte[] want = bytes(f);
                Path p = dir.resolve(f);
                if (Files.isRegularFile(p) && Arrays.equals(Files.readAllBytes(p), want)) continue;
                Path tmp = dir.resolve(f + ".tmp");
                Files.write(tmp, want);
                Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return dir.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the extension to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One bundled file's bytes. */
    public static byte[] bytes(String name) {
        try (InputStream in = ExtensionFiles.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IllegalStateException("the extension file " + name + " is missing from the build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
