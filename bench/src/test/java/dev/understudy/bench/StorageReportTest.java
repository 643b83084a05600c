package dev.understudy.bench;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The markdown of a comparison, exactly as docs/benchmarks.md shows it. */
@Tag("e2e")
class StorageReportTest {
    static StorageComparison.Result result(long h264Bytes, String h264Note, boolean exact) {
        return new StorageComparison.Result("synthetic office session (seed 42)", 200, 180, "1280x800", 614_400_000L,
                40_000_000L, 30_000_000L, h264Bytes, h264Note, 2_000_000L, 1_720_000L, 110_000L, 170_000L,
                64, "9/6", exact, 180, 3.456, 2.5, 7.25, 40.0, 25.04, 12.96);
    }

    /** The report, its line ends made {@code \n} (the facts end with the platform's). */
    static String markdown(StorageComparison.Result r) {
        return r.markdown().replace("\r\n", "\n");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theTableAndTheFactsUnderIt() {
        assertEquals("""
                | storage of the same 200 frames | bytes | bytes per frame | vs tile store | pixels |
                |---|---:|---:|---:|---|
                | PNG per frame (OpenAdapt) | 40,000,000 | 200,000 | 20.0x | lossless |
                | JPEG q80 per frame (screenpipe) | 30,000,000 | 150,000 | 15.0x | lossy |
                | H.264 via ffmpeg, libx264 veryfast crf 23, 1 fps (AgentNet, DuckTrack) | 1,500,000 | 7,500 | 0.8x | lossy |
                | **Understudy tile store** (64 px tiles, zstd 9/6) | 2,000,000 | 10,000 | 1.0x | lossless, round trip checked (180 frames) |

                - source: synthetic office session (seed 42); 200 frames (180 distinct), 1280x800; raw RGB 614.40 MB
                - tile store: packs 1.72 MB + pack indexes 0.11 MB + frame log 0.17 MB
                - PNG / tiles = **20.0x**, JPEG / tiles = **15.0x**, H.264 / tiles = **0.75x**
                - tile store put (CPU of the storing thread): mean 3.46 ms, median 2.50 ms, p90 7.25 ms, max 40.00 ms per frame
                - for scale: PNG encoding 25.0 ms, JPEG encoding 13.0 ms per frame (ImageIO)
                """, markdown(result(1_500_000L, null, true)));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anUnmeasuredVideoAndAFailedRoundTripAreSaid() {
        String md = markdown(result(-1, "ffmpeg unavailable (no ffmpeg)", false));
        assertTrue(md.contains("| H.264 via ffmpeg | not measured: ffmpeg unavailable (no ffmpeg) | | | |\n"), md);
        assertTrue(md.contains("| 2,000,000 | 10,000 | 1.0x | **ROUND TRIP FAILED** |\n"), md);
        assertTrue(md.contains("- PNG / tiles = **20.0x**, JPEG / tiles = **15.0x**\n"), md);
        assertTrue(Double.isNaN(result(-1, "disabled", true).h264OverTiles()));
    }
}
