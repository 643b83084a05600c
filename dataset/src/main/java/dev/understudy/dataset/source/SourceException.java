package dev.understudy.dataset.source;

/** A session that cannot be read, with the one-line reason the build report lists. */
public final class SourceException extends RuntimeException {
    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }

    public SourceException(String message) {
        super(message);
    }
}
