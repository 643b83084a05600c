package dev.understudy.privacy.screen;

import dev.understudy.model.Rect;
import dev.understudy.privacy.redact.TextRedactor;
import dev.understudy.trace.FrameStore;
import dev.understudy.trace.TraceException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The frames of a session as they may leave the spool (exports, the viewer): every frame with the
 * boxes its OCR check found filled. A frame not checked yet is checked now; when OCR is not
 * available it is refused, so no frame leaves unredacted. Sessions recorded with
 * {@code screenshots: off} or {@code dom} pass as stored (masked and DOM-redacted at capture).
 */
public final class RedactedFrames implements FrameStore {
    private final FrameStore base;
    private final Path sessionDir;
    private final String mode;
    private final Map<String, List<Rect>> checked;
    private IncrementalOcr ocr;
    private long checkedNow;

    private RedactedFrames(FrameStore base, Path sessionDir) {
        this.base = base;
        this.sessionDir = sessionDir;
        this.mode = RedactionLog.screenshots(sessionDir);
        this.checked = RedactionLog.read(sessionDir);
    }

    /** The frames of the session in {@code sessionDir} as an export may use them. */
    public static FrameStore of(FrameStore base, Path sessionDir) {
        return new RedactedFrames(base, sessionDir);
    }

    @Override
    public String put(BufferedImage image) {
        throw new UnsupportedOperationException("exports do not store frames");
    }

    @Override
    public boolean contains(String id) {
        return base.contains(id);
    }

    @Override
    public synchronized BufferedImage read(String id) {
        BufferedImage img = base.read(id);
        if (!"ocr".equals(mode)) return img;
        List<Rect> boxes = checked.get(id);
        if (boxes == null) {
            boxes = ocr().find(img);
            checked.put(id, boxes);
            checkedNow++;
            try {
                RedactionLog.append(sessionDir, id, "ocr-export", boxes);
            } catch (RuntimeException e) {
                // read-only spool: checked again next time
            }
        }
        if (boxes.isEmpty()) return img;
        BufferedImage copy = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (Rect b : boxes) FrameMasker.fill(px, img.getWidth(), img.getHeight(), b.x(), b.y(), b.width(), b.height(), FrameMasker.MASK_RGB);
        copy.setRGB(0, 0, img.getWidth(), img.getHeight(), px, 0, img.getWidth());
        return copy;
    }

    /**
     * Whether {@link #read} gives frame {@code id} exactly as the base store holds it: the session's screenshots are not
     * OCR-checked ones, or this frame was checked and nothing was found on it. A frame not checked yet is not (reading
     * it checks it). Bulk readers may take such a frame's pixels straight from the base store.
     */
    public synchronized boolean leavesAsStored(String id) {
        if (!"ocr".equals(mode)) return true;
        List<Rect> boxes = checked.get(id);
        return boxes != null && boxes.isEmpty();
    }

    private IncrementalOcr ocr() {
        if (ocr == null) {
            try {
                ocr = new IncrementalOcr(OcrRedactor.create(TextRedactor.defaults()));
            } catch (RuntimeException e) {
                throw new TraceException("frames of session " + sessionDir.getFileName() + " have not all been checked for personal data, "
                        + "and OCR is not available here (" + e.getMessage() + "); nothing unchecked is exported");
            }
        }
        return ocr;
    }

    @Override
    public long diskBytes() {
        return base.diskBytes();
    }

    /** Frames checked by OCR during this export (they had not been checked while recording). */
    public synchronized long checkedNow() {
        return checkedNow;
    }
}
