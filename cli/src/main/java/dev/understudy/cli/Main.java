package dev.understudy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `understudy` command line. Each command parses, calls one service and prints. */
@Command(name = "understudy", mixinStandardHelpOptions = true, version = "understudy 0.1.0",
        description = "Records how people work in approved apps and turns it into training data for computer-use agents.",
        subcommands = {
            RecordCommand.class,
            SessionsCommand.class,
            DeleteCommand.class,
            ForgetCommand.class,
            ExportCommand.class,
            ViewCommand.class,
            DatasetCommand.class,
            DemoCommand.class,
            PauseCommand.class,
            ResumeCommand.class,
            StatusCommand.class,
            NoticeCommand.class,
            BrowserCommand.class,
            InstallBrowserBridgeCommand.class,
            ExtensionDirCommand.class,
            RedactCommand.class,
            EnrollCommand.class,
            UploadCommand.class,
            PortalCommand.class,
            dev.understudy.cli.server.ServeCommand.class,
            dev.understudy.cli.server.AdminCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // libraries' own logging (dbus-java announces each bus transport at INFO): warnings only, on stderr
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserErrors());
        return cl.execute(args);
    }

    /** Runs a command with its output going to these writers (tests read them). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
