package gilprobe.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
