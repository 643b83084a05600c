package dev.understudy.privacy.redact;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class DirectoryTest {

    @Test
    void csvWithQuotesCommentsAndBlankLines() {
        String csv = "# colleagues\r\nname,email,aliases,id\r\n\r\n\"Smith, Jane\",jane@acme.example,\"JS; \"\"Janie\"\"\",7\r\n"
                + "\"Ngozi\nOkafor\",ngozi@acme.example,,\n   \nBob,bob@acme.example,Bobby|B.";
        List<Directory.Entry> e = Directory.parseCsv(csv).entries();
        assertEquals(3, e.size());
        assertEquals(new Directory.Entry(7, "Smith, Jane", "jane@acme.example", List.of("JS", "\"Janie\"")), e.get(0));
        assertEquals(new Directory.Entry(2, "Ngozi\nOkafor", "ngozi@acme.example", List.of()), e.get(1));
        assertEquals(new Directory.Entry(3, "Bob", "bob@acme.example", List.of("Bobby", "B.")), e.get(2));
    }

    @Test
    void withoutAHeaderTheColumnsAreNameEmailAliases() {
        List<Directory.Entry> e = Directory.parseCsv("Priya Raghunathan,priya@acme.example,Priya R\n").entries();
        assertEquals(List.of(new Directory.Entry(1, "Priya Raghunathan", "priya@acme.example", List.of("Priya R"))), e);
    }

    @Test
    void errorsAreOneLineWithTheFileAndTheLine(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("people.csv");
        Files.writeString(f, "name,email,id\nAmy,amy@acme.example,1\n\"Bob,bob@acme.example,2\nCarl,carl@acme.example,3\n");
        DirectoryException e = assertThrows(DirectoryException.class, () -> Directory.load(f));
        assertEquals(f + ":3: not valid CSV: Missing closing quote for value", e.getMessage());

        Files.writeString(f, "name,email,id\n# a comment\nAmy,amy@acme.example,one\n");
        e = assertThrows(DirectoryException.class, () -> Directory.load(f));
        assertEquals(f + ":3: id 'one' is not a whole number", e.getMessage());

        e = assertThrows(DirectoryException.class, () -> Directory.parseCsv("name,email\n\"Amy\"x,amy@acme.example\n"));
        assertTrue(e.getMessage().startsWith("line 2: not valid CSV: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
