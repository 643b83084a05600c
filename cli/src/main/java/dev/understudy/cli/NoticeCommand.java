package dev.understudy.cli;

import dev.understudy.privacy.control.Consent;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "notice", mixinStandardHelpOptions = true,
        description = "Prints the recording notice of a policy (what is recorded, why, how long it is kept, how to pause) and whether it was accepted.")
final class NoticeCommand implements Callable<Integer> {
    @Mixin Output output;
    @Mixin DataOption data;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy (default: the built-in policy).")
    Path policy;

    @Option(names = "--accept", description = "Accept this notice (for a recorder waiting in the background for the worker's yes).")
    boolean accept;

    @Override
    public Integer call() {
        Policy own = PolicyLoader.load(policy);
        // an enrolled device records under its collector's policy when one is published
        Policy p = new dev.understudy.uploader.PolicySync(dev.understudy.uploader.CollectorLink.at(data.dir())).effective(own);
        if (accept) dev.understudy.privacy.control.Consent.record(data.dir(), p, "notice --accept");
        output.out().print(Consent.notice(p));
        Consent.Acceptance a = Consent.accepted(data.dir(), p.noticeVersion());
        output.out().println();
        output.out().println(a == null ? "Not accepted yet in " + data.dir() + "."
                : "Accepted " + Instant.ofEpochMilli(a.at()) + " by " + a.user() + " (" + a.how() + "), policy \"" + a.policy() + "\" " + a.policyDigest() + ".");
        return 0;
    }
}
