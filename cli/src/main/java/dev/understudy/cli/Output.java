package dev.understudy.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Where a command prints: picocli's out and err writers. The launcher sees standard output and
 * standard error; tests run {@link Main#run(PrintWriter, PrintWriter, String...)} and read them.
 */
@Command // picocli takes a class as a mixin only when it is a command
final class Output {
    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    PrintWriter err() {
        return mixee.commandLine().getErr();
    }
}
