package dev.understudy.collector.store;

/** A database failure, with a one-line message. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
