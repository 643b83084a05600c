package dev.understudy.capture.terminal;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a terminal program is reading input it does not show: its pseudo-terminal has echo off
 * while in canonical (line) mode. That is how {@code sudo}, {@code ssh}, {@code passwd}, {@code gpg}
 * and {@code read -s} read passwords; full-screen programs ({@code vim}, {@code less}, {@code htop})
 * turn echo off too, but in raw mode, so they do not count.
 *
 * <p>The terminal emulator (the window's process) holds the master side of each of its ptys; the
 * kernel names the matching {@code /dev/pts/N} in {@code /proc/PID/fdinfo} ({@code tty-index}). Its
 * line discipline flags are read with {@code tcgetattr} on that slave, opened without making it a
 * controlling terminal. Linux only; elsewhere (or when anything is unreadable) the answer is false.
 * A terminal with several tabs counts as hidden when any of its ptys is (over-redaction is the safe
 * side). The list of a process's ptys is cached for {@link #CACHE_MS}.
 */
public final class HiddenInput {
    static final long CACHE_MS = 2000;
    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0x100; // Linux (x86, arm)
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int ICANON = 0x2;
    private static final int ECHO = 0x8;
    /** Offset of c_lflag in struct termios (after c_iflag, c_oflag, c_cflag). */
    private static final int LFLAG_OFFSET = 12;

    interface LibC extends Library {
        int open(String path, int flags);

        int close(int fd);

        int tcgetattr(int fd, Pointer termios);
    }

    private final LibC libc;
    private final Path proc;
    private long cachedPid = -1;
    private long cachedAt;
    private List<Path> cachedPtys = List.of();

    private HiddenInput(LibC libc, Path proc) {
        this.libc = libc;
        this.proc = proc;
    }

    /** The Linux implementation, or one that always says false where there is none. */
    public static HiddenInput system() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") || !Files.isDirectory(Path.of("/proc/self/fdinfo"))) {
            return new HiddenInput(null, null);
        }
        try {
            return new HiddenInput(Native.load("c", LibC.class), Path.of("/proc"));
        } catch (LinkageError e) {
            return new HiddenInput(null, null);
        }
    }

    /** Whether the terminal emulator with this pid is reading hidden input now (cheap: one tcgetattr per pty). */
    public synchronized boolean hidden(long terminalPid) {
        if (libc == null || terminalPid <= 0) return false;
        long now = System.currentTimeMillis();
        if (terminalPid != cachedPid || now - cachedAt > CACHE_MS) {
            cachedPtys = ptysOf(terminalPid);
            cachedPid = terminalPid;
            cachedAt = now;
        }
        for (Path pty : cachedPtys) if (hiddenOn(pty)) return true;
        return false;
    }

    /** The slave ptys whose master this process holds. */
    List<Path> ptysOf(long pid) {
        List<Path> out = new ArrayList<>();
        Path fds = proc.resolve(Long.toString(pid)).resolve("fd");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(fds)) {
            for (Path fd : ds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    continue;
                }
                if (!target.equals("/dev/ptmx") && !target.equals("/dev/pts/ptmx")) continue;
                Path info = proc.resolve(Long.toString(pid)).resolve("fdinfo").resolve(fd.getFileName());
                try {
                    for (String line : Files.readAllLines(info)) {
                        if (line.startsWith("tty-index:")) out.add(Path.of("/dev/pts", line.substring(10).strip()));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
                if (out.size() >= 64) break;
            }
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        return out;
    }

    private boolean hiddenOn(Path pty) {
        int fd = libc.open(pty.toString(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) return false;
        try (Memory termios = new Memory(64)) {
            if (libc.tcgetattr(fd, termios) != 0) return false;
            int lflag = termios.getInt(LFLAG_OFFSET);
            return (lflag & ECHO) == 0 && (lflag & ICANON) != 0;
        } finally {
            libc.close(fd);
        }
    }
}
