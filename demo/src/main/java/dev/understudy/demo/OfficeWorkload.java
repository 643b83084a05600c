package dev.understudy.demo;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * A realistic office workload for benchmarks: a person writing notes in an editor and running
 * commands in a terminal, one action every few seconds at human typing speed. The pauses are the
 * workload's pace (think time), not synchronisation.
 */
public final class OfficeWorkload {
    private static final List<String> SENTENCES = List.of(
            "Follow up with the vendor about the renewal",
            "Move the standup to Thursday morning",
            "Summarise open tickets for the weekly review",
            "Check the backup job logs before release",
            "Draft the onboarding checklist for new hires",
            "Ask finance about the Q3 travel budget");
    private static final List<String> COMMANDS = List.of("ls -la", "git status", "df -h", "uptime", "date", "whoami");

    private final DemoWorkflow apps;
    private final Xdo xdo;
    private final long thinkMillis;

    public OfficeWorkload(DemoWorkflow apps, Xdo xdo, long thinkMillis) {
        this.apps = apps;
        this.xdo = xdo;
        this.thinkMillis = thinkMillis;
    }

    /** Runs rounds until the time is up; returns the number of scripted actions. */
    public int run(long durationMillis, Consumer<String> progress) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + durationMillis;
        int actions = 0;
        int round = 0;
        while (System.currentTimeMillis() < end) {
            String sentence = SENTENCES.get(round % SENTENCES.size());
            String command = COMMANDS.get(round % COMMANDS.size());
            progress.accept("round " + (round + 1));
            int[] subject = apps.part("subject");
            int[] body = apps.part("body");
            int[] list = apps.part("list");
            xdo.clickAt(subject[0], subject[1]);
            actions++;
            think();
            xdo.key("ctrl+a");
            xdo.type(sentence.substring(0, Math.min(24, sentence.length())));
            actions += 2;
            think();
            xdo.clickAt(body[2] + 40, body[3] + body[5] - 20);
            xdo.key("ctrl+End");
            xdo.type(sentence + ". ");
            actions += 3;
            think();
            xdo.scroll(list[0], list[1], 2 + round % 3);
            actions++;
            think();
            xdo.clickAt(list[0], list[1] - 40 + (round % 4) * 18);
            actions++;
            think();
            xdo.key("ctrl+s");
            actions++;
            think();
            int[] term = apps.terminalPoint();
            xdo.clickAt(term[0], term[1]);
            actions++;
            think();
            xdo.type(command);
            xdo.key("Return");
            actions += 2;
            think();
            if (round % 2 == 1) {
                xdo.key("ctrl+l");
                actions++;
                think();
            }
            round++;
        }
        return actions;
    }

    private void think() throws InterruptedException {
        Thread.sleep(thinkMillis); // the person's pace between actions
    }
}
