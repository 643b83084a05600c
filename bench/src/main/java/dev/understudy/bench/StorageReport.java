package dev.understudy.bench;

import dev.understudy.bench.StorageComparison.Result;
import java.util.Locale;

/**
 * A {@link StorageComparison.Result} as the markdown of docs/benchmarks.md: one row per way of
 * storing the frames (bytes, bytes per frame, ratio to the tile store, whether pixels are kept),
 * then the facts under it (source, tile store parts, ratios, put and encoding CPU times).
 */
final class StorageReport {
    private StorageReport() {}

    static String markdown(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("| storage of the same ").append(r.frames()).append(" frames | bytes | bytes per frame | vs tile store | pixels |\n");
        b.append("|---|---:|---:|---:|---|\n");
        row(b, r, "PNG per frame (OpenAdapt)", r.pngBytes(), "lossless");
        row(b, r, "JPEG q" + Math.round(100 * 0.8f) + " per frame (screenpipe)", r.jpegBytes(), "lossy");
        if (r.h264Bytes() >= 0) row(b, r, "H.264 via ffmpeg, libx264 veryfast crf 23, 1 fps (AgentNet, DuckTrack)", r.h264Bytes(), "lossy");
        else b.append("| H.264 via ffmpeg | not measured: ").append(r.h264Note()).append(" | | | |\n");
        row(b, r, "**Understudy tile store** (" + r.tileSize() + " px tiles, zstd " + r.zstdLevels() + ")", r.tileBytes(),
                r.roundTripExact() ? "lossless, round trip checked (" + r.framesVerified() + " frames)" : "**ROUND TRIP FAILED**");
        b.append('\n');
        b.append(String.format(Locale.ROOT, "- source: %s; %d frames (%d distinct), %s; raw RGB %s%n",
                r.source(), r.frames(), r.distinctFrames(), r.size(), mb(r.rawBytes())));
        b.append(String.format(Locale.ROOT, "- tile store: packs %s + pack indexes %s + frame log %s%n",
                mb(r.tilePackBytes()), mb(r.tileIndexBytes()), mb(r.frameLogBytes())));
        b.append(String.format(Locale.ROOT, "- PNG / tiles = **%.1fx**, JPEG / tiles = **%.1fx**%s%n", r.pngOverTiles(), r.jpegOverTiles(),
                r.h264Bytes() < 0 ? "" : String.format(Locale.ROOT, ", H.264 / tiles = **%.2fx**", r.h264OverTiles())));
        b.append(String.format(Locale.ROOT, "- tile store put (CPU of the storing thread): mean %.2f ms, median %.2f ms, p90 %.2f ms, max %.2f ms per frame%n",
                r.putMsMean(), r.putMsP50(), r.putMsP90(), r.putMsMax()));
        b.append(String.format(Locale.ROOT, "- for scale: PNG encoding %.1f ms, JPEG encoding %.1f ms per frame (ImageIO)%n",
                r.pngMsMean(), r.jpegMsMean()));
        return b.toString();
    }

    private static void row(StringBuilder b, Result r, String name, long bytes, String pixels) {
        b.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, "%,d", bytes)).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", bytes / Math.max(1, r.frames()))).append(" | ")
                .append(String.format(Locale.ROOT, "%.1fx", (double) bytes / r.tileBytes())).append(" | ").append(pixels).append(" |\n");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }
}
