package dev.understudy.privacy.screen;

import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

/** A test OCR process that cannot load Tesseract: it says so in its hello and exits. */
public final class NoTesseractWordsMain {
    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new FileOutputStream(FileDescriptor.out));
        out.writeUTF(OcrWordsProtocol.UNAVAILABLE + "no Tesseract English data (install tesseract-ocr-eng)");
        out.flush();
    }

    private NoTesseractWordsMain() {}
}
