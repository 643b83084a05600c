package dev.understudy.cli;

import dev.understudy.browser.ExtensionFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "extension-dir", mixinStandardHelpOptions = true,
        description = {"Writes the Understudy browser extension into DATA/browser/extension and prints that folder,",
                "for chrome://extensions → Load unpacked (or --load-extension)."})
final class ExtensionDirCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Override
    public Integer call() {
        output.out().println(ExtensionFiles.extract(ExtensionFiles.defaultDir(data.dir())));
        return 0;
    }
}
