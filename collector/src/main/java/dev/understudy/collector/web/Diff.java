package dev.understudy.collector.web;

import dev.understudy.collector.web.Views.DiffLine;
import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence) of two policy texts, for the console's policy editor. */
final class Diff {
    private Diff() {}

    static List<DiffLine> lines(String before, String after) {
        String[] a = before.isEmpty() ? new String[0] : before.split("\r?\n", -1);
        String[] b = after.isEmpty() ? new String[0] : after.split("\r?\n", -1);
        if ((long) a.length * b.length > 4_000_000L) {
            List<DiffLine> out = new ArrayList<>();
            for (String s : a) out.add(new DiffLine("del", s));
            for (String s : b) out.add(new DiffLine("add", s));
            return out;
        }
        int[][] l = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) l[i][j] = a[i].equals(b[j]) ? l[i + 1][j + 1] + 1 : Math.max(l[i + 1][j], l[i][j + 1]);
        }
        List<DiffLine> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.add(new DiffLine("same", a[i]));
                i++;
                j++;
            } else if (j < b.length && (i == a.length || l[i][j + 1] >= l[i + 1][j])) {
                out.add(new DiffLine("add", b[j++]));
            } else {
                out.add(new DiffLine("del", a[i++]));
            }
        }
        return out;
    }
}
