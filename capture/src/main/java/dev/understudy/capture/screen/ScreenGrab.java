package dev.understudy.capture.screen;

import dev.understudy.model.Monitor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * One grabbed monitor image.
 *
 * @param monitor the monitor the pixels show (global geometry)
 * @param image the pixels, {@link BufferedImage#TYPE_INT_RGB} (0x00RRGGBB), width × height of the monitor
 * @param mono session mono time of the grab (taken right before the pixels were read)
 * @param wall wall-clock time of the grab, epoch ms
 */
public record ScreenGrab(Monitor monitor, BufferedImage image, long mono, long wall) {
    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** The pixels row by row, 0x00RRGGBB, without copying (the image's own buffer). */
    public int[] pixels() {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }
}
