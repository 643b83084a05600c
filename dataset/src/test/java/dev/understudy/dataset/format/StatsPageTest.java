package dev.understudy.dataset.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(60)
class StatsPageTest {
    @Test
    void onePlotPerFigureAndHostileNamesEscaped(@TempDir Path dir) throws Exception {
        DatasetStats s = DatasetCardTest.stats();
        String html = Files.readString(StatsPage.write(dir, "Acme <b>desk</b>", s));
        int figures = count(html, "<figure>");
        assertEquals(10, figures);
        assertEquals(figures, count(html, "<svg "));
        assertFalse(html.contains("<script"), "no script at all, hostile app name escaped");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertFalse(html.contains("<b>desk"));
        assertTrue(html.contains("fill-opacity"), "the click heat map has cells");
        // each svg is well-formed XML (the page is plain HTML, readable offline: no src=, no href=)
        int from = 0;
        while ((from = html.indexOf("<svg ", from)) >= 0) {
            int end = html.indexOf("</svg>", from) + 6;
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(html.substring(from, end).getBytes(StandardCharsets.UTF_8)));
            from = end;
        }
        assertFalse(html.contains("src=") || html.contains("href="));
    }

    @Test
    void statsCountWhatTheRowsHold() {
        DatasetStats s = DatasetCardTest.stats();
        assertEquals(30, s.tasks());
        assertTrue(s.placeholders().get("EMAIL") > 0);
        assertTrue(s.placeholders().get("PHONE") > 0);
        assertTrue(s.groundingRate() > 0 && s.groundingRate() < 1);
        assertEquals(3, s.sites().size());
        assertEquals(s.steps(), s.stepsBySplit().values().stream().mapToLong(Long::longValue).sum());
        long clicks = 0;
        for (long c : s.clickGrid()) clicks += c;
        assertEquals(s.clickCount(), clicks);
        assertTrue(s.clickCount() > 0);
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }
}
