package dev.understudy.demo;

import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Toolkit;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.SystemFlavorMap;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A test program (its own JVM) that shows a Frame titled {@code args[0]}
 * and owns the clipboard on request, the way a password manager does. Prints {@code SHOWN} once the
 * frame is shown; then on stdin {@code own TEXT} owns the clipboard with TEXT, {@code own-secret
 * TEXT} also with the target {@code x-kde-passwordManagerHint} holding "secret"; each prints
 * {@code OWNED} when done.
 */
public final class ClipboardOwnerApp {
    /** The X selection target a password manager adds to say "this is a secret" (KeePassXC, KDE). */
    public static final String HINT_TARGET = "x-kde-passwordManagerHint";

    /** Raw bytes under the native name KeePassXC and KDE use. */
    static final DataFlavor HINT = flavor();

    private static DataFlavor flavor() {
        try {
            DataFlavor f = new DataFlavor("application/x-kde-passwordmanagerhint;class=\"[B\"");
            SystemFlavorMap map = (SystemFlavorMap) SystemFlavorMap.getDefaultFlavorMap();
            map.addUnencodedNativeForFlavor(f, HINT_TARGET);
            map.addFlavorForUnencodedNative(HINT_TARGET, f);
            return f;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Contents(String text, boolean secret) implements Transferable {
        @Override
        public DataFlavor[] getTransferDataFlavors() {
            return secret ? new DataFlavor[] {DataFlavor.stringFlavor, HINT} : new DataFlavor[] {DataFlavor.stringFlavor};
        }

        @Override
        public boolean isDataFlavorSupported(DataFlavor f) {
            return f.equals(DataFlavor.stringFlavor) || secret && f.equals(HINT);
        }

        @Override
        public Object getTransferData(DataFlavor f) throws UnsupportedFlavorException {
            if (f.equals(DataFlavor.stringFlavor)) return text;
            if (secret && f.equals(HINT)) return "secret".getBytes(StandardCharsets.US_ASCII);
            throw new UnsupportedFlavorException(f);
        }
    }

    public static void main(String[] args) throws Exception {
        EventQueue.invokeAndWait(() -> {
            Frame frame = new Frame(args[0]);
            frame.setBounds(100, 100, 300, 200);
            frame.setVisible(true);
        });
        System.out.println("SHOWN");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.split(" ", 2);
            Contents c = new Contents(w[1], w[0].equals("own-secret"));
            EventQueue.invokeAndWait(() -> Toolkit.getDefaultToolkit().getSystemClipboard().setContents(c, null));
            System.out.println("OWNED");
            System.out.flush();
        }
        System.exit(0);
    }
}
