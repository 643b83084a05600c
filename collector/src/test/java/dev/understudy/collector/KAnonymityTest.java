package dev.understudy.collector;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.collector.govern.KAnonymity;
import dev.understudy.collector.govern.KAnonymity.Cell;
import dev.understudy.collector.govern.KAnonymity.Contribution;
import dev.understudy.collector.govern.KAnonymity.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The publication rules of the console's aggregates (docs/governance.md, "Aggregates"). */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class KAnonymityTest {
    static long value(Table t, String key) {
        return t.cells().stream().filter(c -> c.key().equals(key)).mapToLong(Cell::value).findFirst().orElse(-1);
    }

    @Test
    void smallGroupsAreWithheld() {
        List<Contribution> cs = new ArrayList<>();
        for (int p = 0; p < 12; p++) cs.add(new Contribution("p" + p, "mail", 10));
        for (int p = 0; p < 3; p++) cs.add(new Contribution("p" + p, "rare-app", 5));
        for (int p = 0; p < 15; p++) cs.add(new Contribution("q" + p, "docs", 2));
        Table t = KAnonymity.publish(cs, 10);
        assertEquals(-1, value(t, "rare-app"));
        // the withheld rare-app covers 3 people < k, so the smallest published cell (mail, 12 people) goes too:
        // the withheld remainder then covers 12 people, and docs (15 people) is published
        assertEquals(-1, value(t, "mail"));
        assertEquals(30, value(t, "docs"));
        assertEquals(2, t.withheld());
        // fewer than k people in all: nothing
        assertTrue(KAnonymity.publish(cs.subList(0, 9), 10).cells().isEmpty());
    }

    @Test
    void subtractionAttackFails() {
        // 20 people use mail and docs; one person (the target) alone uses "job-search.example"
        List<Contribution> apps = new ArrayList<>(), teams = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            apps.add(new Contribution("p" + p, "mail", 7));
            apps.add(new Contribution("p" + p, "docs", 3 + (p % 2)));
            teams.add(new Contribution("p" + p, "sales", 10 + (p % 2)));
        }
        apps.add(new Contribution("target", "job-search.example", 42));
        teams.add(new Contribution("target", "sales", 42));
        Table perApp = KAnonymity.publish(apps, 10);
        Table perTeam = KAnonymity.publish(teams, 10);
        assertEquals(-1, value(perApp, "job-search.example"));
        // the attack: total per team minus the published apps' total would be the target's volume
        long attack = perTeam.total() - perApp.total();
        assertNotEquals(42, attack, "the difference of two published totals must not isolate one person");
        // what the difference does reveal covers at least k people: the complementary suppression withheld more than the target's cell
        assertTrue(perApp.withheld() >= 2, "complementary cells withheld: " + perApp);
        // every published cell covers k or more people
        for (Cell c : perApp.cells()) assertTrue(c.persons() >= 10);
        for (Cell c : perTeam.cells()) assertTrue(c.persons() >= 10);
    }

    @Test
    void totalsAreOfPublishedCellsOnly() {
        List<Contribution> cs = new ArrayList<>();
        for (int p = 0; p < 30; p++) cs.add(new Contribution("p" + p, "a", 1));
        for (int p = 0; p < 30; p++) cs.add(new Contribution("q" + p, "b", 2));
        for (int p = 0; p < 4; p++) cs.add(new Contribution("r" + p, "c", 100));
        for (int p = 0; p < 7; p++) cs.add(new Contribution("s" + p, "d", 100));
        Table t = KAnonymity.publish(cs, 10);
        assertEquals(t.cells().stream().mapToLong(Cell::value).sum(), t.total());
        assertEquals(-1, value(t, "c"));
        assertEquals(-1, value(t, "d"));
        assertEquals(30, value(t, "a"));
        assertEquals(60, value(t, "b"));
    }

    @Test
    void kBelowFiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KAnonymity.publish(List.of(), 4));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.of(java.nio.file.Path.of("x")).withKAnonymity(3));
        assertEquals(10, ServerConfig.of(java.nio.file.Path.of("x")).kAnonymity());
    }
}
