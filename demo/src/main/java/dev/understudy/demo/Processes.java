package dev.understudy.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small helpers to run the desktop's programs. */
public final class Processes {
    private Processes() {}

    public static Process start(ProcessBuilder pb, String what) throws IOException {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new IOException(what + " could not be started: " + e.getMessage());
        }
    }

    /** Reads one line, or returns null after the deadline or at end of stream. */
    public static String readLine(BufferedReader r, long timeoutMillis) throws InterruptedException {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        }
    }

    /** Runs a command to completion and returns stdout (stderr discarded). */
    public static String output(ProcessBuilder pb, long timeoutMillis) throws IOException, InterruptedException {
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", pb.command()) + " timed out");
        }
        try {
            return new String(out.get(), StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            return "";
        }
    }

    /** Runs a command and fails with its stderr when it exits non-zero. */
    public static String run(ProcessBuilder pb, long timeoutMillis) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close(); // nothing to read on stdin: a client that reads it sees its end
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", pb.command()) + " timed out");
        }
        try {
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", pb.command()) + " failed: " + new String(err.get(), StandardCharsets.UTF_8).trim());
            }
            return new String(out.get(), StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            throw new IOException(e.getMessage());
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The command that starts this JVM's java with this JVM's class path. */
    public static java.util.List<String> javaCommand(String mainClass) {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        return new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp", System.getProperty("java.class.path"), mainClass));
    }
}
