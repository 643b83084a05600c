package dev.understudy.recorder;

import dev.understudy.privacy.policy.Policy;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who records where: this OS user and this device's host name, and whether the policy exempts either. */
public final class ThisDevice {
    private ThisDevice() {}

    public static String user() {
        return System.getProperty("user.name");
    }

    /** /etc/hostname, else what the resolver says, else "localhost". */
    public static String hostName() {
        try {
            String h = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
            if (!h.isEmpty()) return h;
        } catch (IOException ignored) {
            // fall back
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The user or device exemption of the policy that applies here ("user NAME" / "device HOST"), or null. */
    public static String exemption(Policy p) {
        return p.exemption(user(), hostName());
    }

    /**
     * The policy's exemption, else one the collector approved for this device (the worker asked on
     * the control page; the signed policy envelope says so), or null.
     */
    public static String exemption(Policy p, Path dataRoot) {
        String e = exemption(p);
        if (e != null) return e;
        dev.understudy.uploader.PolicySync.Current c = new dev.understudy.uploader.PolicySync(dev.understudy.uploader.CollectorLink.at(dataRoot)).current();
        return c != null && c.exempt() ? "this device (exemption approved by the collector)" : null;
    }
}
