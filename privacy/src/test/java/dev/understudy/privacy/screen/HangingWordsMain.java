package dev.understudy.privacy.screen;

/** A test OCR process that says it is ready, reads a request's header and never answers. */
public final class HangingWordsMain {
    public static void main(String[] args) {
        System.setIn(DyingWordsMain.hangAfterHeader(System.in));
        OcrWordsMain.main(args);
    }

    private HangingWordsMain() {}
}
