package dev.understudy.capture.x11;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@Tag("unit")
class XPropsTest {
    @Test
    void textIsUtf8WhenValidElseLatin1() {
        byte[] utf8 = "Renamed é ✓".getBytes(StandardCharsets.UTF_8);
        assertEquals("Renamed é ✓", XProps.decode(utf8, utf8.length));
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("café", XProps.decode(latin1, latin1.length));
    }
}
