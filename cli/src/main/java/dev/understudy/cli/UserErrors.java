package dev.understudy.cli;

import picocli.CommandLine;

/**
 * Turns failures into one clear line on stderr. Stack traces only with UNDERSTUDY_DEBUG=1: bad
 * input, a missing display or a full disk are the user's situation, not our crash.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (System.getenv("UNDERSTUDY_DEBUG") != null) ex.printStackTrace();
        String msg = oneLine(ex.getMessage());
        boolean user = isUserError(ex);
        if (!user && (msg == null || msg.isBlank())) msg = ex.getClass().getSimpleName();
        cl.getErr().println("understudy: " + (user ? "" : "internal error: ") + msg);
        if (!user) cl.getErr().println("understudy: run with UNDERSTUDY_DEBUG=1 for details");
        return user ? USER_ERROR : INTERNAL_ERROR;
    }

    static boolean isUserError(Throwable ex) {
        String name = ex.getClass().getName();
        return ex instanceof UserException
                || ex instanceof java.nio.file.NoSuchFileException
                || ex instanceof java.nio.file.AccessDeniedException
                || name.equals("dev.understudy.trace.TraceException")
                || name.equals("dev.understudy.trace.KeyStoreUnavailableException")
                || name.equals("dev.understudy.capture.CaptureException")
                || name.equals("dev.understudy.browser.BridgeException")
                || name.equals("dev.understudy.export.ExportException")
                || name.startsWith("dev.understudy.privacy.") && name.endsWith("Exception");
    }

    static String oneLine(String s) {
        if (s == null) return null;
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
