package dev.understudy.cli;

import dev.understudy.browser.BridgeInstaller;
import dev.understudy.browser.ExtensionFiles;
import dev.understudy.browser.BridgeInstallations;
import dev.understudy.browser.BridgeProtocol;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "install-browser-bridge", mixinStandardHelpOptions = true,
        description = {"Installs the native messaging host that connects the Understudy browser extension to the recorder of --data.",
                "Only the extension's fixed ID may start it. Load the extension from `understudy extension-dir`."})
final class InstallBrowserBridgeCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--browser", paramLabel = "NAME", description = "chromium or chrome (default: ${DEFAULT-VALUE}).")
    String browser = "chromium";

    @Option(names = "--user-data-dir", paramLabel = "DIR", description = "Install into this browser profile root (a browser started with --user-data-dir=DIR) instead of the browser's default one.")
    Path userDataDir;

    @Override
    public Integer call() {
        if (!browser.equals("chromium") && !browser.equals("chrome")) throw new UserException("--browser must be chromium or chrome");
        Path manifest = BridgeInstaller.hostsDir(browser, userDataDir).resolve(BridgeProtocol.HOST_NAME + ".json");
        Path before = java.nio.file.Files.isRegularFile(manifest) ? BridgeInstallations.dataDirOf(manifest) : null;
        BridgeInstaller.Installed in = BridgeInstaller.install(browser, userDataDir, data.dir());
        if (before != null && !before.equals(in.dataDir())) {
            output.out().println("note: this browser's bridge was installed for another data directory (" + before + "); it now sends to "
                    + in.dataDir() + ", and a recorder of " + before + " no longer gets this browser's events");
        }
        Path ext = ExtensionFiles.extract(ExtensionFiles.defaultDir(in.dataDir()));
        output.out().println("host manifest: " + in.manifest());
        output.out().println("host launcher: " + in.launcher());
        output.out().println("allowed extension: " + BridgeProtocol.ORIGIN);
        output.out().println("extension folder: " + ext + "  (chrome://extensions → Developer mode → Load unpacked)");
        output.out().println("events go to the recorder of " + in.dataDir());
        return 0;
    }
}
