package dev.understudy.privacy.redact;

/** A colleague directory that cannot be read; the message is one line naming the file and the line. */
public class DirectoryException extends IllegalArgumentException {
    public DirectoryException(String message) {
        super(message);
    }
}
