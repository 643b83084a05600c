package dev.understudy.trace;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A data directory owns the one tile pack its sessions and collections go through. */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DataDirTilePackTest {
    @TempDir Path tmp;

    @Test
    void sessionsOfADataDirectoryShareItsPackUntilItIsClosed() {
        DataDir dd = DataDir.at(tmp);
        TilePack pack = dd.tilePack();
        assertSame(pack, dd.tilePack());
        assertEquals(dd.tilesDir(), pack.dir());

        SessionWriter w = dd.createSession(TileFrameStoreTest.manifest("s1", TraceFormat.VERSION));
        BufferedImage img = TileFrameStoreTest.desktop(200, 130, BufferedImage.TYPE_INT_RGB, 3);
        String id = w.frames().put(img);
        assertSame(pack, ((TileFrameStore) w.frames()).pack());
        assertSame(pack, ((TileFrameStore) dd.open("s1").frames()).pack());
        w.finish(2000, "duration");
        assertTrue(pack.appendedBatches() > 0);

        dd.close();
        assertTrue(pack.isClosed());
        TilePack again = dd.tilePack();
        assertNotSame(pack, again);
        assertFalse(again.isClosed());
        assertEquals(0, again.appendedBatches(), "a new instance, as a new process would have");
        TileFrameStoreTest.assertSamePixels(img, dd.open("s1").frames().read(id));
        dd.close();
    }

    @Test
    void twoInstancesForOneDirectoryHaveAPackEach() {
        DataDir a = DataDir.at(tmp);
        DataDir b = DataDir.at(tmp.resolve(".").resolve("x").resolve(".."));
        assertEquals(a.root(), b.root());
        assertNotSame(a.tilePack(), b.tilePack());
        a.close();
        b.close();
        a.close(); // twice is harmless
    }
}
