package dev.understudy.cli.server;

import dev.understudy.cli.UserException;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.collector.govern.Accounts;
import dev.understudy.collector.govern.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Accounts of the web console (admin, privacy officer, dataset builder). Workers have none: they use `understudy portal`.",
        subcommands = {UserCommand.Add.class, UserCommand.List.class, UserCommand.Disable.class})
final class UserCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds an account; the password is the first line of stdin (at least 12 characters), stored as Argon2id.")
    static final class Add extends AdminCommand.Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "Login name.")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", required = true, description = "admin, officer or builder.")
        String role;

        @Option(names = "--replace", description = "Set a new password (and role) for an existing account.")
        boolean replace;

        @Override
        void run(ServerAdmin admin) throws IOException {
            Role r = Accounts.accountRole(role);
            char[] pw;
            java.io.Console console = System.console();
            if (console != null) {
                pw = console.readPassword("password for %s: ", name);
            } else {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) throw new UserException("no password on stdin (pipe it in: echo 'PASSWORD' | understudy admin user add ...)");
                pw = line.toCharArray();
            }
            if (pw == null) throw new UserException("no password given");
            admin.accounts().add(name, r, pw, replace);
            java.util.Arrays.fill(pw, '\0');
            out().println((replace ? "set " : "added ") + r.wire() + " " + name);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the accounts (never their passwords).")
    static final class List extends AdminCommand.Sub {
        @Override
        void run(ServerAdmin admin) {
            for (Accounts.Account a : admin.accounts().list()) {
                out().println(a.name() + "  " + a.role().wire() + "  created " + AdminCommand.time(a.createdAt())
                        + (a.disabledAt() == null ? "" : "  disabled " + AdminCommand.time(a.disabledAt())));
            }
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables an account: it cannot log in any more.")
    static final class Disable extends AdminCommand.Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(ServerAdmin admin) {
            if (!admin.accounts().disable(name)) throw new UserException("no account " + name);
            out().println("disabled " + name);
        }
    }
}
