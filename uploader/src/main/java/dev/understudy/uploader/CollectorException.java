package dev.understudy.uploader;

import java.util.List;

/**
 * A failed exchange with the collector, as one line: the HTTP status and the server's {@code error}
 * text, or why the collector could not be reached (status 0). {@link #retryAfterSeconds} is the
 * server's Retry-After (429, 503), {@link #missing} the chunks a refused commit lacks (409).
 */
public class CollectorException extends RuntimeException {
    private final int status;
    private final String serverError;
    private final Long retryAfterSeconds;
    private final List<String> missing;

    public CollectorException(int status, String message, String serverError, Long retryAfterSeconds, List<String> missing) {
        super(message);
        this.status = status;
        this.serverError = serverError;
        this.retryAfterSeconds = retryAfterSeconds;
        this.missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** Not an HTTP answer: the collector could not be reached, or the exchange broke. */
    public CollectorException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.serverError = null;
        this.retryAfterSeconds = null;
        this.missing = List.of();
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The server's {@code error} text, or null. */
    public String serverError() {
        return serverError;
    }

    /** Seconds the server asked to wait (Retry-After), or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public List<String> missing() {
        return missing;
    }

    /** 403: the collector revoked this device's credential, or saw it used by a clone. */
    public boolean revoked() {
        return status == 403;
    }

    /** Worth trying again later (no answer, 408, 429, 5xx). */
    public boolean transientFailure() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
