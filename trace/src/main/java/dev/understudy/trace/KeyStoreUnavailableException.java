package dev.understudy.trace;

/**
 * The store that holds a spool's key cannot be reached or is locked. Readers do not turn this into
 * a per-block problem: without the key no block of the spool can be read, so it ends the command
 * with its one-line message.
 */
public final class KeyStoreUnavailableException extends TraceException {
    public KeyStoreUnavailableException(String message) {
        super(message);
    }
}
