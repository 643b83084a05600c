package dev.understudy.cli;

import dev.understudy.uploader.CollectorException;
import dev.understudy.uploader.CollectorLink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {"Links this device to a team's collector, with the enroll token an admin handed out.",
                "Finished sessions are then uploaded (redacted) once their review window has passed; see `understudy upload`.",
                "The device id is random, made here; the collector's certificate is pinned as the token says."})
final class EnrollCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The collector, e.g. https://collector.example:8443")
    String server;

    @Option(names = "--token", required = true, paramLabel = "TOKEN",
            description = "The enroll token (UST1.<secret>.<fingerprint>); - reads it from standard input.")
    String token;

    @Override
    public Integer call() {
        URI url;
        try {
            url = new URI(server.strip());
        } catch (URISyntaxException e) {
            throw new UserException("not a URL: " + server);
        }
        String t = token;
        if ("-".equals(t)) {
            try {
                t = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UserException("cannot read the enroll token from standard input: " + e.getMessage());
            }
            if (t == null) throw new UserException("no enroll token on standard input");
        }
        CollectorLink link = CollectorLink.at(data.dir());
        String id;
        try {
            id = link.enroll(url, t, System.getProperty("user.name"));
        } catch (CollectorException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new UserException("enrollment failed: " + e.getMessage());
        }
        CollectorLink.Link l = link.link();
        output.out().println("enrolled as device " + id);
        output.out().println("collector: " + l.server() + (l.team() != null ? ", team " + l.team() : "")
                + (l.fingerprint() != null ? " (certificate pinned)" : ""));
        return 0;
    }
}
