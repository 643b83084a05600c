package dev.understudy.privacy.screen;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The OCR child process the recorder starts ({@link ChildWordReader}): loads Tesseract, says
 * whether it could in one hello line, then answers requests on stdin (pixels) with words and boxes
 * on stdout ({@link OcrWordsProtocol}) until stdin ends. Holds nothing between requests and writes
 * nothing to disk. Problems go to stderr as one line each, and end the process: a malformed request
 * (exit 2), a frame Tesseract failed on or no memory for one (exit 3). It also ends when the
 * process that started it does.
 */
public final class OcrWordsMain {
    private OcrWordsMain() {}

    public static void main(String[] args) {
        // stdout carries the protocol: anything printed through System.out goes to stderr instead
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        PrintStream err = System.err;
        System.setOut(err);
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        System.exit(run(new DataInputStream(new BufferedInputStream(System.in, 1 << 16)), out, err));
    }

    /** Serves requests until {@code in} ends; returns the exit code. */
    static int run(DataInputStream in, DataOutputStream out, PrintStream err) {
        try {
            return serve(in, out, err);
        } catch (RuntimeException | Error e) {
            // e.g. no heap for a frame's pixels: one line, not a stack trace
            err.println("understudy: ocr process: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())));
            return 3;
        }
    }

    private static int serve(DataInputStream in, DataOutputStream out, PrintStream err) {
        TesseractWords reader;
        try {
            try {
                reader = TesseractWords.create();
            } catch (RuntimeException | LinkageError e) {
                out.writeUTF(OcrWordsProtocol.UNAVAILABLE + oneLine(e.getMessage()));
                out.flush();
                return 0;
            }
            out.writeUTF(OcrWordsProtocol.READY);
            out.flush();
        } catch (IOException e) {
            return 0; // the recorder is gone
        }
        while (true) {
            BufferedImage img;
            try {
                img = OcrWordsProtocol.readRequest(in);
            } catch (OcrWordsProtocol.MalformedException e) {
                err.println("understudy: ocr process: malformed request: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                return 0; // stdin broke: the recorder is gone
            }
            if (img == null) return 0;
            List<OcrRedactor.OcrWord> words;
            try {
                words = reader.words(img);
            } catch (RuntimeException | Error e) {
                err.println("understudy: ocr process: Tesseract failed on a frame: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())));
                return 3;
            }
            try {
                OcrWordsProtocol.writeReply(out, words);
                out.flush();
            } catch (IOException e) {
                return 0; // the recorder is gone
            }
        }
    }

    private static String oneLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
