package dev.understudy.privacy.screen;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads words with Tesseract in a child process, so that libtesseract, its model and its buffers
 * never enter the caller's memory: a JVM started from this process's java binary and class path
 * runs {@link OcrWordsMain}, gets a frame's pixels on its stdin and answers with the words and
 * their boxes on its stdout ({@link OcrWordsProtocol}). Nothing else crosses: no text, no secret,
 * no file.
 *
 * <p>The child is started by the first {@link #words} call and lives until {@link #close} (its
 * stdin is closed and it exits; one that does not is killed); the next call starts a fresh one. A
 * child that dies or does not answer within the timeout is killed and that call fails with an
 * {@link UncheckedIOException}; one that cannot start or load Tesseract fails the call with an
 * {@link OcrUnavailableException}. It runs at a lower CPU priority ({@code nice -n 10}, when
 * {@code /usr/bin/nice} exists), with small JVM options and one OpenMP thread; it ends with this
 * process (a shutdown hook kills it, and it exits when its stdin or its parent ends).
 *
 * <p>Calls are serialised; {@link #close} may come from another thread (it ends a call in flight).
 */
public final class ChildWordReader implements WordReader {
    /** How long a frame (or the child's start) may take before the child is killed. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 60_000;
    /**
     * The child's JVM: a heap with room for one upscaled frame and Tess4J's copies of it, that
     * starts small and gives back what it does not use (without -Xms and the free ratios, its peak
     * RSS over five full 1280x800 frames of text was 275 MiB instead of 156), C1 only, no perf data.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx192m", "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xss512k", "-XX:-UsePerfData", "-Xshare:auto",
            // the JVM's own warnings go to stdout by default: stdout is the protocol's
            "-Xlog:disable", "-Xlog:all=warning:stderr",
            "-Djava.awt.headless=true", "-Dslf4j.internal.verbosity=ERROR");
    private static final Path NICE = Path.of("/usr/bin/nice");
    /** Children alive in this process, killed by the shutdown hook. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private final List<String> command;
    private final long timeoutMillis;
    private final Object requests = new Object();
    private final AtomicLong starts = new AtomicLong();
    /** The running child, or null; guarded by this. */
    private Child child;
    /** Bumped by every {@link #close}: a child started meanwhile is not kept. Guarded by this. */
    private long closes;

    /**
     * @param command the child's command line, the java binary first ({@link #jvmCommand})
     * @param timeoutMillis how long the child may take to start or to answer a frame
     */
    public ChildWordReader(List<String> command, long timeoutMillis) {
        if (command.isEmpty()) throw new IllegalArgumentException("no command");
        this.command = List.copyOf(command);
        this.timeoutMillis = timeoutMillis;
    }

    /** {@link OcrWordsMain} in a JVM like this one: its java binary, its class path. */
    public static ChildWordReader ofThisJvm() {
        return new ChildWordReader(jvmCommand(javaBinary(), System.getProperty("java.class.path"), OcrWordsMain.class.getName()),
                DEFAULT_TIMEOUT_MILLIS);
    }

    /** This process's java binary (java.home's when the OS does not say). */
    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The command line of a child JVM running {@code mainClass} with the child's JVM options, then
     * {@code extraOptions}, on {@code classPath}.
     */
    public static List<String> jvmCommand(String java, String classPath, String mainClass, String... extraOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(JVM_OPTIONS);
        String scale = System.getProperty("understudy.ocr.scale");
        if (scale != null) cmd.add("-Dunderstudy.ocr.scale=" + scale);
        cmd.addAll(List.of(extraOptions));
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        return cmd;
    }

    /**
     * The words of {@code img}, read by the child (started now if none runs).
     *
     * @throws OcrUnavailableException the child cannot be started or cannot load Tesseract
     * @throws UncheckedIOException the child died or did not answer in time (it is killed; the
     *                              next call starts a fresh one)
     */
    @Override
    public List<OcrRedactor.OcrWord> words(BufferedImage img) {
        try {
            OcrWordsProtocol.checkSize(img.getWidth(), img.getHeight());
        } catch (OcrWordsProtocol.MalformedException e) {
            throw new UncheckedIOException("a frame too large for the OCR process: " + e.getMessage(), e);
        }
        synchronized (requests) {
            Child c = running();
            if (c == null) c = start();
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicBoolean timedOut = new AtomicBoolean();
            Child watched = c;
            // a hung child is killed: the blocked read below then ends
            CompletableFuture.delayedExecutor(timeoutMillis, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
                if (!done.isDone() && timedOut.compareAndSet(false, true)) watched.process.destroyForcibly();
            });
            try {
                OcrWordsProtocol.writeRequest(c.in, img);
                c.in.flush();
                return OcrWordsProtocol.readReply(c.out);
            } catch (IOException e) {
                String why = timedOut.get() ? "did not answer within " + timeoutMillis / 1000 + " s and was killed"
                        : exited(c.process) ? "died (exit code " + c.process.exitValue() + ")" : "broke the protocol: " + oneLine(e.getMessage());
                discard(c);
                throw new UncheckedIOException("the OCR process " + why, e);
            } finally {
                done.complete(null);
            }
        }
    }

    /** The running child, or null (one that died since is let go). */
    private synchronized Child running() {
        if (child != null && !child.process.isAlive()) {
            forget(child);
            child = null;
        }
        return child;
    }

    private Child start() {
        long closesBefore;
        synchronized (this) {
            closesBefore = closes;
        }
        Path java = Path.of(command.get(0));
        if (!Files.isExecutable(java)) throw new OcrUnavailableException("cannot start the OCR process: no java binary at " + java);
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(NICE)) cmd.addAll(List.of(NICE.toString(), "-n", "10"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).redirectError(ProcessBuilder.Redirect.INHERIT);
        // one OpenMP thread (Tesseract's spin on every core otherwise), unless the user chose
        pb.environment().putIfAbsent("OMP_THREAD_LIMIT", "1");
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        // the child's JVM takes only the options above (no agents, no "Picked up" lines)
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new OcrUnavailableException("cannot start the OCR process: " + oneLine(e.getMessage()), e);
        }
        starts.incrementAndGet();
        hookOnce();
        LIVE.add(p);
        Child c = new Child(p);
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(timeoutMillis, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
            if (!ready.isDone() && timedOut.compareAndSet(false, true)) p.destroyForcibly();
        });
        String hello;
        try {
            hello = c.out.readUTF();
        } catch (IOException e) {
            String why = timedOut.get() ? "was not ready within " + timeoutMillis / 1000 + " s"
                    : "ended before it was ready" + exitCode(p) + (e instanceof EOFException ? "" : ": " + oneLine(e.getMessage()));
            c.kill();
            forget(c);
            throw new OcrUnavailableException("the OCR process " + why, e);
        } finally {
            ready.complete(null);
        }
        if (!hello.equals(OcrWordsProtocol.READY)) {
            c.kill();
            forget(c);
            if (hello.startsWith(OcrWordsProtocol.UNAVAILABLE)) {
                throw new OcrUnavailableException(hello.substring(OcrWordsProtocol.UNAVAILABLE.length()));
            }
            throw new OcrUnavailableException("the OCR process speaks another protocol: " + oneLine(hello));
        }
        synchronized (this) {
            if (closes == closesBefore) {
                child = c;
                return c;
            }
        }
        c.stop();
        forget(c);
        String closed = "the OCR reader was closed while its process started";
        throw new UncheckedIOException(closed, new IOException(closed));
    }

    private synchronized void discard(Child c) {
        if (child == c) child = null;
        c.kill();
        forget(c);
    }

    private static void forget(Child c) {
        LIVE.remove(c.process);
    }

    /**
     * Ends the child, if one runs: its stdin is closed and it exits; one still running after 2 s
     * is killed. The next {@link #words} starts a fresh one.
     */
    @Override
    public void close() {
        Child c;
        synchronized (this) {
            closes++;
            c = child;
            child = null;
        }
        if (c != null) {
            c.stop();
            forget(c);
        }
    }

    /** The running child's process, if one runs (for tests and the recorder's accounting). */
    public synchronized Optional<ProcessHandle> process() {
        return child != null && child.process.isAlive() ? Optional.of(child.process.toHandle()) : Optional.empty();
    }

    /** How many child processes were started so far. */
    public long starts() {
        return starts.get();
    }

    private static void hookOnce() {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "understudy-ocr-child-kill"));
        }
    }

    private static String exitCode(Process p) {
        return exited(p) ? " (exit code " + p.exitValue() + ")" : "";
    }

    /** Whether {@code p} has exited, waiting up to 2 s for it (a pipe may end just before its process is reaped). */
    private static boolean exited(Process p) {
        try {
            return p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static String oneLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A started child and its pipes: {@code in} is its stdin, {@code out} its stdout. */
    private static final class Child {
        final Process process;
        final DataOutputStream in;
        final DataInputStream out;

        Child(Process process) {
            this.process = process;
            this.in = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
            this.out = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 12));
        }

        /** Closes its stdin and waits for it to exit; kills it when it does not. */
        void stop() {
            try {
                in.close();
            } catch (IOException e) {
                // it is gone already
            }
            try {
                if (process.waitFor(2, TimeUnit.SECONDS)) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill();
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                in.close();
            } catch (IOException e) {
                // gone
            }
            try {
                out.close();
            } catch (IOException e) {
                // gone
            }
        }
    }
}
