package dev.understudy.capture.screen;

import dev.understudy.capture.CaptureException;
import dev.understudy.model.Monitor;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Reads the pixels of a monitor. Implementations: {@link RobotScreenGrabber} (portable, AWT) and
 * {@link XShmScreenGrabber} (X11 MIT-SHM, several times cheaper); {@link ScreenGrabbers#best} picks.
 * Every grab returns an image that the caller owns: a new one, or the one the caller passed to
 * {@link #grab(int, BufferedImage)} for reuse.
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

    /**
     * Grabs one monitor into {@code reuse} when the grabber can (an image of the monitor's size,
     * {@link BufferedImage#TYPE_INT_RGB} with its own int buffer; every pixel is overwritten), else
     * into a new image: the caller must look at {@link ScreenGrab#image()} to know which. The
     * caller must not be using {@code reuse} any more. The default ignores {@code reuse}.
     *
     * @param reuse an image to overwrite, or null
     */
    default ScreenGrab grab(int monitorIndex, BufferedImage reuse) {
        return grab(monitorIndex);
    }

    @Override
    default void close() {}
}
