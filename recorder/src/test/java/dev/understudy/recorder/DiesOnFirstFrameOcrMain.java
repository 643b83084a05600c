package dev.understudy.recorder;

import dev.understudy.privacy.screen.OcrWordsMain;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test OCR child for {@link OcrWorkerTest}: the first one started (no marker file yet) dies in
 * the middle of its first frame, once it has read part of the pixels; later ones are the real
 * {@link OcrWordsMain}.
 */
public final class DiesOnFirstFrameOcrMain {
    private DiesOnFirstFrameOcrMain() {}

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
}
