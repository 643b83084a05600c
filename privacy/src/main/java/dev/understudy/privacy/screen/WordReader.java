package dev.understudy.privacy.screen;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The part of screenshot OCR that runs Tesseract: the words of a frame with their boxes, in frame
 * pixels. It gets pixels only; what is done with the words (lines, the redactor, the secrets typed
 * during the recording) stays in {@link OcrRedactor}. Two readers: {@link TesseractWords} in this
 * process (exports) and {@link ChildWordReader} in a short-lived child process (the recorder).
 */
public interface WordReader extends AutoCloseable {
    /**
     * The words read on {@code img}, empty ones left out.
     *
     * @throws OcrUnavailableException when OCR cannot run here at all (no Tesseract)
     * @throws java.io.UncheckedIOException when this frame could not be read (a child process died
     *                                      or hung); the next frame may be read
     */
    List<OcrRedactor.OcrWord> words(BufferedImage img);

    /** Releases what the reader holds (a child process); it may be used again afterwards. */
    @Override
    default void close() {}
}
