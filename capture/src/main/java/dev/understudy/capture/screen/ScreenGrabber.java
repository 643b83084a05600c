package dev.understudy.capture.screen;

import dev.understudy.capture.CaptureException;
import dev.understudy.model.Monitor;
import java.util.List;

/**
 * Reads the pixels of a monitor. Implementations: {@link RobotScreenGrabber} (portable, AWT) and
 * {@link XShmScreenGrabber} (X11 MIT-SHM, several times cheaper); {@link ScreenGrabbers#best} picks.
 * Every grab returns a new image that the caller owns.
 */
public interface ScreenGrabber extends AutoCloseable {

    /** The monitors, in global screen pixels; index i is {@code Monitor.index() == i}. */
    List<Monitor> monitors();

    /**
     * Grabs one monitor.
     *
     * @throws IndexOutOfBoundsException for an unknown monitor index
     * @throws CaptureException when the screen cannot be read
     */
    ScreenGrab grab(int monitorIndex);

    @Override
    default void close() {}
}
