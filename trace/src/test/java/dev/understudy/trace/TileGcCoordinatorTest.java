package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a tile collection gets from the pack it runs through: pins, pack locks, leftovers, sealing. */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TileGcCoordinatorTest {
    @TempDir Path dir;

    private static TileId tile(TilePack p, int seed) {
        byte[] planar = new byte[TileCodec.bytes(4, 4)];
        java.util.Arrays.fill(planar, (byte) seed);
        TileId id = TileId.of(FrameIds.sha256(), 4, 4, planar, planar.length);
        p.append(List.of(new TilePack.NewTile(id, 4, 4, planar)), List.of(), null);
        return id;
    }

    @Test
    void aWriterThatClosesDuringACollectionKeepsItsPinsUntilTheCollectionEnds() {
        try (TilePack p = TilePack.open(dir)) {
            TileGcCoordinator gc = p.gc();
            TileIdSet pins = new TileIdSet();
            gc.pin(pins);
            TileId id = tile(p, 1);
            assertTrue(p.containsPinning(id, pins));
            assertTrue(gc.pinnedTiles().contains(id));

            TileGcCoordinator.GcStart start = gc.begin(false);
            assertNull(start.refused());
            assertEquals("another tile collection is running in this process", gc.begin(false).refused());
            gc.unpin(pins);
            assertTrue(gc.pinnedTiles().contains(id), "counted until the collection ends");
            gc.end(start);
            assertEquals(0, gc.pinnedTiles().size());

            TileIdSet other = new TileIdSet();
            gc.pin(other);
            other.add(id);
            gc.unpin(other);
            assertEquals(0, gc.pinnedTiles().size(), "without a collection, a closed writer's pins go at once");
        }
    }

    @Test
    void aPackAnotherInstanceInThisProcessAppendsToMakesItRefuseHoldingNothing() {
        try (TilePack writer = TilePack.open(dir)) {
            TileId id = tile(writer, 2);
            writer.sync();
            try (TilePack other = TilePack.open(dir)) {
                TileGcCoordinator.GcStart start = other.gc().begin(false);
                assertEquals("pack-000001.utp is open for writing by another tile store in this process", start.refused());
                assertTrue(start.packs().isEmpty());
                // refusing did not drop the writer's lock: it still appends to its pack
                tile(writer, 3);
                assertEquals(1, writer.writer().current().no);
                assertTrue(other.contains(id));
            }
        }
    }

    @Test
    void theWritersOwnPackIsLeftOpenUnlessSealedAndThenItsNextBatchStartsANewPack() {
        try (TilePack p = TilePack.open(dir)) {
            tile(p, 4);
            TileGcCoordinator gc = p.gc();
            TileGcCoordinator.GcStart open = gc.begin(false);
            assertEquals(1, open.packs().size());
            assertFalse(open.packs().get(0).sealed, "the pack being appended to is not to be rewritten");
            gc.end(open);

            TileGcCoordinator.GcStart sealed = gc.begin(true);
            assertNull(sealed.refused());
            assertTrue(sealed.packs().get(0).sealed);
            assertNull(p.writer().current(), "this instance stopped appending to it");
            TileId next = tile(p, 5); // the collection holds pack 1's lock
            assertEquals(2, p.writer().current().no);
            gc.end(sealed);
            assertEquals(2, PackFormat.packOf(gc.batchOf(next.hi(), next.lo())));
            assertEquals(-1, gc.batchOf(1, 2));
            assertEquals(3, gc.nextPackNumber());
        }
    }

    @Test
    void whatAnInterruptedCollectionLeftIsRemovedWhenTheNextBegins() throws Exception {
        try (TilePack p = TilePack.open(dir)) {
            tile(p, 6);
            p.sync();
            Files.write(dir.resolve("gc-1-2-0.utp.tmp"), new byte[100]);
            Files.write(dir.resolve("pack-000007.uti"), new byte[20]); // an index without its pack
            TileGcCoordinator.GcStart start = p.gc().begin(false);
            assertEquals(120, start.leftoverBytes());
            assertFalse(Files.exists(dir.resolve("gc-1-2-0.utp.tmp")));
            assertFalse(Files.exists(dir.resolve("pack-000007.uti")));
            assertTrue(Files.exists(dir.resolve("pack-000001.uti")));
            p.gc().end(start);
        }
    }
}
