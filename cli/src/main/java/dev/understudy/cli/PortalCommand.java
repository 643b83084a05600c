package dev.understudy.cli;

import dev.understudy.uploader.CollectorClient;
import dev.understudy.uploader.CollectorException;
import dev.understudy.uploader.CollectorLink;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "portal", mixinStandardHelpOptions = true,
        description = "Opens your page on the collector: your sessions (view, delete, download all), the policy in force, your"
                + " exemptions, pause. This device asks the collector, with its own credential, for a one-time link valid a few"
                + " minutes; it is printed, and opened with xdg-open when a display exists.")
final class PortalCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--no-open", description = "Only print the link.")
    boolean noOpen;

    @Override
    public Integer call() {
        CollectorLink link = CollectorLink.at(data.dir());
        if (!link.enrolled()) throw new UserException("this device is not enrolled with a collector (understudy enroll --server URL --token TOKEN)");
        CollectorClient.PortalLink p;
        try {
            p = link.call(CollectorClient::portalLink);
        } catch (CollectorException e) {
            throw new UserException("the collector did not give a portal link: " + e.getMessage());
        }
        boolean opened = false;
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        if (!noOpen && ((display != null && !display.isBlank()) || (wayland != null && !wayland.isBlank()))) {
            try {
                Process x = new ProcessBuilder("xdg-open", p.url()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                opened = x.waitFor(10, TimeUnit.SECONDS) && x.exitValue() == 0;
            } catch (java.io.IOException e) {
                opened = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        output.out().println((opened ? "opened your portal in the browser; the link (one use, until " : "open your portal (one use, until ")
                + TIME.format(Instant.ofEpochMilli(p.expiresAt())) + "):");
        output.out().println(p.url());
        return 0;
    }
}
