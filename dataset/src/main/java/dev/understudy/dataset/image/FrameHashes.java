package dev.understudy.dataset.image;

/** A frame store that gives a frame's difference hash ({@link Thumbnail#dHash}) without necessarily decoding it whole. */
public interface FrameHashes {
    long[] dHash(String id);

    /** The dHash of a decoded image, the same value a {@link FrameHashes} store gives for its frame. */
    static long[] of(java.awt.image.BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        return Thumbnail.dHash(Thumbnail.blockSums(rgb, w, h), w, h);
    }
}
