package dev.understudy.capture.x11;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel cuts a process name at 15 bytes (gnome-terminal-server is "gnome-terminal-"): policies
 * and exports must see the name someone wrote. A real process with a long executable name.
 */
@Tag("unit")
@Timeout(30)
class ProcessNameTest {
    @TempDir Path tmp;

    @Test
    void aNameLongerThanFifteenBytesIsTakenWholeFromTheExecutable() throws Exception {
        Path exe = tmp.resolve("understudy-long-process-name");
        Files.copy(Path.of("/bin/sleep"), exe, StandardCopyOption.COPY_ATTRIBUTES);
        Process p = new ProcessBuilder(exe.toString(), "30").start();
        try {
            String comm = Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).strip();
            assertEquals("understudy-long", comm, "the kernel's cut name, as the recorder used to store it");
            assertEquals("understudy-long-process-name", WindowNames.processName(p.pid(), null));
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shortNamesAndGoneProcessesAreUnchanged() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            assertEquals("sleep", WindowNames.processName(p.pid(), null));
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        assertEquals("fallback", WindowNames.processName(0, new String[] {"fallback", "Fallback"}));
    }
}
