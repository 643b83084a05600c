package dev.understudy.collector.crypto;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a directory (so a rename or a new file in it survives a crash); a no-op where the OS cannot. */
public final class FileBlobSync {
    private FileBlobSync() {}

    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) return;
            throw e;
        }
    }
}
