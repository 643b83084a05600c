package dev.understudy.uploader;

/**
 * A session that cannot leave the device now, with the reason as one line: a frame that could not
 * be checked for personal data (OCR unavailable), an unreadable session. {@link #gone} when the
 * session was deleted: it never leaves.
 */
public class SessionRefusedException extends RuntimeException {
    private final String session;
    private final boolean gone;

    public SessionRefusedException(String session, String reason, boolean gone, Throwable cause) {
        super("session " + session + " cannot be uploaded: " + reason, cause);
        this.session = session;
        this.gone = gone;
    }

    public String session() {
        return session;
    }

    public boolean gone() {
        return gone;
    }
}
