package dev.understudy.collector;

import java.util.List;

/** A refusal with its HTTP status and a one-line reason ({@code missing}: chunk ids a commit lacks). */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<String> missing;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, List<String> missing) {
        super(message, null, false, false);
        this.status = status;
        this.missing = missing;
    }

    public int status() {
        return status;
    }

    public List<String> missing() {
        return missing;
    }
}
