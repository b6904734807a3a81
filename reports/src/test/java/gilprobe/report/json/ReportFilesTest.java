package gilprobe.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws IOException {
        Path target = dir.resolve("r.json");
        ReportFiles.writeAtomically(target, w -> w.write("first ü"));
        assertEquals("first ü", Files.readString(target));
        ReportFiles.writeAtomically(target, w -> w.write("second"));
        assertEquals("second", Files.readString(target));
        assertEquals(List.of("r.json"), names());
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("r.json");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> ReportFiles.writeAtomically(target, w -> {
            w.write("half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("r.json"), names());
    }

    @Test
    void createsMissingDirectories() throws IOException {
        Path target = dir.resolve("a/b/r.html");
        ReportFiles.writeAtomically(target, w -> w.write("x"));
        assertEquals("x", Files.readString(target));
    }

    @Test
    void aNameAtTheFileSystemsLimitIsWritten() throws IOException {
        // 255 bytes: the temporary file's name must not be longer than the target's
        String name = "r".repeat(250) + ".json";
        assertEquals(ReportFiles.NAME_MAX, name.length());
        ReportFiles.writeAtomically(dir.resolve(name), w -> w.write("x"));
        assertEquals("x", Files.readString(dir.resolve(name)));
        assertEquals(List.of(name), names());
    }

    @Test
    void aFileSystemFailureIsOneLineWithItsReasonNeverABarePath() throws IOException {
        Path file = dir.resolve("plain");
        Files.writeString(file, "a file where a directory should be");
        Path under = file.resolve("x.html");
        IOException e = assertThrows(IOException.class, () -> ReportFiles.writeAtomically(under, w -> w.write("x")));
        assertEquals("cannot write " + under + ": " + file + " exists and is not a directory", e.getMessage());

        Path tooLong = dir.resolve("r".repeat(251) + ".json");
        e = assertThrows(IOException.class, () -> ReportFiles.writeAtomically(tooLong, w -> w.write("x")));
        assertEquals("cannot write " + tooLong + ": File name too long", e.getMessage());
        assertEquals(List.of("plain"), names());
    }

    @Test
    void aPlaceNobodyMayWriteSaysPermissionDenied() {
        Path sys = Path.of("/sys");
        assumeTrue(Files.isDirectory(sys), "Linux sysfs, which refuses new files even to root");
        Path target = sys.resolve("gilprobe-x.html");
        IOException e = assertThrows(IOException.class, () -> ReportFiles.writeAtomically(target, w -> w.write("x")));
        assertEquals("cannot write /sys/gilprobe-x.html: permission denied", e.getMessage());
    }

    @Test
    void namesAreCutAtACharacterBoundary() {
        assertEquals("abc", ReportFiles.fitName("abc", 3));
        assertEquals("ab", ReportFiles.fitName("abc", 2));
        assertEquals("a", ReportFiles.fitName("a\u00fcb", 2)); // ü is 2 bytes
        assertEquals("a\u00fc", ReportFiles.fitName("a\u00fcb", 3));
        assertEquals("", ReportFiles.fitName("\ud83d\ude00x", 3)); // an emoji is 4 bytes, never split
    }
}
