package dev.understudy.privacy.screen;

/**
 * OCR cannot run here: no Tesseract library or English data, or the OCR process could not be
 * started. Its message is one line saying why; frames are then checked where OCR runs (exports)
 * or refused.
 */
public final class OcrUnavailableException extends IllegalStateException {
    public OcrUnavailableException(String message) {
        super(message);
    }

    public OcrUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
