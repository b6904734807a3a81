package gilprobe.report.json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes report files so that a reader never sees a half-written one: the content goes to a
 * temporary file in the target's own directory (same file system, so the rename is cheap), and
 * only a complete file is renamed onto the target.
 *
 * <pre>{@code
 * ReportFiles.writeAtomically(Path.of("gilprobe-42.json"), w -> ReportJson.write(report, w));
 * }</pre>
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    /**
     * Writes {@code target} in UTF-8 with what {@code content} writes. The rename is atomic where the
     * file system supports it; otherwise the temporary file replaces the target with a plain move.
     * If {@code content} throws, the target is left as it was and the temporary file is removed.
     * Missing parent directories are created.
     */
    public static void writeAtomically(Path target, IOConsumer<Writer> content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        // not Files.createTempFile: its owner-only permissions would carry over to the report; a plain new
        // file gets the process's usual permissions (umask), like any file the user writes
        Path temp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                content.accept(out);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
