package dev.understudy.export;

import dev.understudy.trace.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes one session as a single self-contained HTML page a person can read without knowing the
 * data format: a header (id, start, duration, apps, steps) and a timeline of steps, each with a
 * plain-language sentence, the app and window title, key caps or typed text, and the screenshot
 * with the action drawn over it (click rings, drag path with an arrow, scroll marker, target box).
 *
 * <p>The parts: {@link ViewerPage} says what the page shows, {@link EmbeddedFrames} embeds the
 * screenshots, {@link ActionOverlay} draws the action, and the jte templates {@code viewer*.jte}
 * lay it out. Self-contained: no external URL anywhere; each distinct frame is embedded once as a
 * base64 data URI in a CSS class. When the frames would make the file larger than the limit (20 MB
 * by default) they are re-encoded as downscaled JPEGs; overlays use an SVG whose viewBox is the
 * original frame size, so they stay in place at any scale. The templates escape all recorded text,
 * and the script contains no recorded data.
 */
public final class ViewerWriter {
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    private ViewerWriter() {}

    /** Writes the viewer for {@code s} to {@code htmlFile} (parents created, replaced atomically). */
    public static void write(ExportSession s, Path htmlFile) {
        write(s, htmlFile, DEFAULT_MAX_BYTES);
    }

    /** As {@link #write(ExportSession, Path)} with a size limit for the embedded screenshots. */
    public static void write(ExportSession s, Path htmlFile, long maxBytes) {
        byte[] html = render(s, maxBytes).getBytes(StandardCharsets.UTF_8);
        try {
            Path parent = htmlFile.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            AtomicFiles.write(htmlFile, html);
        } catch (IOException e) {
            throw new ExportException("cannot write " + htmlFile + ": " + e.getMessage(), e);
        }
    }

    /** The page as a string (pure function of the session). */
    public static String render(ExportSession s) {
        return render(s, DEFAULT_MAX_BYTES);
    }

    /** The page, its screenshots downscaled when the whole would exceed {@code maxBytes} in UTF-8. */
    public static String render(ExportSession s, long maxBytes) {
        EmbeddedFrames frames = EmbeddedFrames.of(s);
        ViewerPage page = ViewerPage.of(s, frames);
        String shell = page(page, "", 0);
        long budget = maxBytes - shell.getBytes(StandardCharsets.UTF_8).length;
        String images = frames.css(budget);
        return page(page, images, shell.length() + images.length());
    }

    private static String page(ViewerPage page, String images, int sizeHint) {
        return HtmlTemplates.render("viewer.jte", Map.of("page", page, "images", images), sizeHint + 1024);
    }
}
