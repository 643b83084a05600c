package dev.understudy.collector.web;

/** A page's refusal: an HTTP status and one line for the person reading it (never a stack trace). */
public final class PageException extends RuntimeException {
    private final int status;

    public PageException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
