package dev.understudy.browser;

/**
 * The browser bridge cannot be set up here (its folder is a symbolic link, belongs to another user,
 * cannot be written). The message is one line meant for the user; callers print it as is.
 */
public class BridgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BridgeException(String message) {
        super(message);
    }

    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
