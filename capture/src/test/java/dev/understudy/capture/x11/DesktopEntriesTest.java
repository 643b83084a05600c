package dev.understudy.capture.x11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Desktop entry lookup against a private XDG tree: a data home and two data dirs. */
@Tag("unit")
@Timeout(30)
class DesktopEntriesTest {
    @TempDir Path tmp;
    private Path home;
    private Path local;
    private Path system;
    private DesktopEntries entries;

    @BeforeEach
    void tree() throws Exception {
        home = tmp.resolve("home/.local/share/applications");
        local = tmp.resolve("usr/local/share/applications");
        system = tmp.resolve("usr/share/applications");
        for (Path p : List.of(home, local, system)) Files.createDirectories(p);
        entries = new DesktopEntries(DesktopEntries.applicationDirs(
                Map.of("XDG_DATA_HOME", tmp.resolve("home/.local/share").toString(),
                        "XDG_DATA_DIRS", tmp.resolve("usr/local/share") + ":" + tmp.resolve("usr/share")),
                "/nonexistent"));
    }

    private static void write(Path dir, String file, String... lines) throws Exception {
        Files.createDirectories(dir.resolve(file).getParent());
        Files.writeString(dir.resolve(file), String.join("\n", lines) + "\n");
    }

    @Test
    void searchOrderFollowsTheEnvironmentWithDefaults() {
        assertEquals(List.of(Path.of("/x/applications"), Path.of("/a/applications"), Path.of("/b/applications")),
                DesktopEntries.applicationDirs(Map.of("XDG_DATA_HOME", "/x", "XDG_DATA_DIRS", "/a::relative:/b"), "/h"));
        assertEquals(List.of(Path.of("/h/.local/share/applications"), Path.of("/usr/local/share/applications"),
                Path.of("/usr/share/applications")), DesktopEntries.applicationDirs(Map.of(), "/h"));
    }

    @Test
    void startupWmClassMatchesTheClassOrTheInstance() throws Exception {
        write(system, "notes.desktop", "[Desktop Entry]", "Type=Application", "Name=Notes",
                "StartupWMClass=dev-understudy-demo-NotesApp");
        write(system, "idea.desktop", "[Desktop Entry]", "Name=IntelliJ IDEA", "StartupWMClass=jetbrains-idea");
        assertEquals("Notes", entries.name(new String[] {"dev-understudy-demo-NotesApp", "dev-understudy-demo-NotesApp"}, null));
        assertEquals("IntelliJ IDEA", entries.name(new String[] {"jetbrains-idea", "jetbrains-idea-ce"}, null), "the instance");
        assertNull(entries.name(new String[] {"java", "Java"}, null));
        assertNull(entries.name(null, null));
    }

    @Test
    void theDesktopFileIdMatchesTheGtkApplicationIdOrTheWindowClassIgnoringCase() throws Exception {
        write(system, "org.gnome.TextEditor.desktop", "[Desktop Entry]", "Name=Text Editor");
        write(system, "kde/konsole.desktop", "[Desktop Entry]", "Name=Konsole"); // id kde-konsole
        write(system, "firefox.desktop", "[Desktop Entry]", "Name=Firefox Web Browser");
        assertEquals("Text Editor", entries.name(new String[] {"gnome-text-editor", "Gnome-text-editor"}, "org.gnome.TextEditor"));
        assertEquals("Firefox Web Browser", entries.name(new String[] {"Navigator", "Firefox"}, null));
        assertEquals("Konsole", entries.name(new String[] {"kde-konsole", "KDE-Konsole"}, null), "ids of subdirectories join with '-'");
        assertNull(entries.name(new String[] {"konsole", "konsole"}, null));
    }

    @Test
    void hiddenEntriesCountOnlyWhenNoVisibleOneMatches() throws Exception {
        write(system, "helper.desktop", "[Desktop Entry]", "Name=Helper", "NoDisplay=true", "StartupWMClass=Tool");
        write(system, "tool.desktop", "[Desktop Entry]", "Name=The Tool");
        assertEquals("The Tool", entries.name(new String[] {"tool", "Tool"}, null), "a visible file-id match beats a NoDisplay one");
        write(system, "only.desktop", "[Desktop Entry]", "Name=Only Hidden", "Hidden=true", "StartupWMClass=Lonely");
        touch(system);
        assertEquals("Only Hidden", entries.name(new String[] {"lonely", "Lonely"}, null), "nothing visible: the hidden one");
    }

    @Test
    void localisedNamesAndOtherGroupsAreIgnored() throws Exception {
        write(system, "de.desktop", "# comment", "[Desktop Entry]", "Name[de]=Notizen", "Name = Notes\\sPlus",
                "GenericName=Editor", "StartupWMClass=NotesPlus", "", "[Desktop Action new]", "Name=New Note");
        assertEquals("Notes Plus", entries.name(new String[] {"notesplus", "NotesPlus"}, null));
        write(system, "link.desktop", "[Desktop Entry]", "Type=Link", "Name=A Link", "StartupWMClass=Linked");
        write(system, "noname.desktop", "[Desktop Entry]", "Name[fr]=Sans nom", "StartupWMClass=Nameless");
        touch(system);
        assertNull(entries.name(new String[] {"linked", "Linked"}, null), "not an application");
        assertNull(entries.name(new String[] {"nameless", "Nameless"}, null), "no unlocalised name");
    }

    @Test
    void anEarlierDirectoryHidesTheSameIdLater() throws Exception {
        write(system, "editor.desktop", "[Desktop Entry]", "Name=System Editor", "StartupWMClass=Editor");
        write(local, "editor.desktop", "[Desktop Entry]", "Name=Local Editor", "StartupWMClass=Editor");
        assertEquals("Local Editor", entries.name(new String[] {"editor", "Editor"}, null));
        write(home, "editor.desktop", "[Desktop Entry]", "Name=My Editor", "StartupWMClass=Editor");
        touch(home);
        assertEquals("My Editor", entries.name(new String[] {"editor", "Editor"}, null));
    }

    @Test
    void entriesAreReadAgainWhenADirectoryChanges() throws Exception {
        assertNull(entries.name(new String[] {"newapp", "NewApp"}, null));
        write(home, "newapp.desktop", "[Desktop Entry]", "Name=New App", "StartupWMClass=NewApp");
        touch(home);
        assertEquals("New App", entries.name(new String[] {"newapp", "NewApp"}, null));
        // a directory that did not exist yet
        Path later = tmp.resolve("late");
        DesktopEntries e = new DesktopEntries(List.of(later.resolve("applications")));
        assertNull(e.name(new String[] {"x", "X"}, null));
        write(later.resolve("applications"), "x.desktop", "[Desktop Entry]", "Name=Ex");
        assertEquals("Ex", e.name(new String[] {"x", "X"}, null));
    }

    @Test
    void cachedEntriesAreNotReadAgainWhileNothingChanges() throws Exception {
        write(system, "a.desktop", "[Desktop Entry]", "Name=A", "StartupWMClass=A");
        assertEquals("A", entries.name(new String[] {"a", "A"}, null));
        FileTime before = Files.getLastModifiedTime(system);
        Files.writeString(system.resolve("a.desktop"), "[Desktop Entry]\nName=Changed\nStartupWMClass=A\n");
        Files.setLastModifiedTime(system, before); // a file edited in place: the directory is unchanged
        assertEquals("A", entries.name(new String[] {"a", "A"}, null), "served from the cache");
    }

    @Test
    void theLabelFallsBackToTheWindowClassThenTheProcessName() throws Exception {
        write(system, "notes.desktop", "[Desktop Entry]", "Name=Notes", "StartupWMClass=dev-understudy-demo-NotesApp");
        assertEquals("Notes", WindowNames.label(entries, new String[] {"dev-understudy-demo-NotesApp", "dev-understudy-demo-NotesApp"},
                null, "java"));
        assertEquals("XTerm", WindowNames.label(entries, new String[] {"xterm", "XTerm"}, null, "xterm"));
        assertEquals("python3", WindowNames.label(entries, null, null, "python3"));
        assertNull(WindowNames.label(entries, null, null, null));
    }

    /** Moves a directory's mtime on, as adding a file does, even where timestamps are coarse. */
    private static void touch(Path dir) throws Exception {
        FileTime t = Files.getLastModifiedTime(dir);
        Files.setLastModifiedTime(dir, FileTime.fromMillis(t.toMillis() + 2000));
    }
}
