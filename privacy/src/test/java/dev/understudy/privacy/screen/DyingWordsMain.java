package dev.understudy.privacy.screen;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test OCR process: the first one started (no marker file yet) dies in the middle of its first
 * request, after the header and some pixels; later ones are the real {@link OcrWordsMain}.
 */
public final class DyingWordsMain {
    public static void main(String[] args) throws IOException {
        Path marker = Path.of(System.getProperty("understudy.test.marker"));
        if (Files.notExists(marker)) {
            Files.createFile(marker);
            System.setIn(new FilterInputStream(System.in) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (read > 1000) Runtime.getRuntime().halt(9);
                    int n = super.read(b, off, len);
                    if (n > 0) read += n;
                    return n;
                }

                @Override
                public int read() throws IOException {
                    if (read > 1000) Runtime.getRuntime().halt(9);
                    read++;
                    return super.read();
                }
            });
        }
        OcrWordsMain.main(args);
    }

    private DyingWordsMain() {}

    /** For {@link HangingWordsMain}: blocks forever once a request has begun. */
    static InputStream hangAfterHeader(InputStream in) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= 8) hang();
                int n = super.read(b, off, Math.min(len, (int) Math.max(1, 8 - read)));
                if (n > 0) read += n;
                return n;
            }

            @Override
            public int read() throws IOException {
                if (read >= 8) hang();
                read++;
                return super.read();
            }
        };
    }

    private static void hang() {
        Object never = new Object();
        synchronized (never) {
            while (true) {
                try {
                    never.wait();
                } catch (InterruptedException e) {
                    // still hung
                }
            }
        }
    }
}
