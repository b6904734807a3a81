package gilprobe.report.json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 *
 * <p>It also owns the two rules about file names and file errors that every writer of gilprobe's
 * files shares: a name is at most {@link #NAME_MAX} bytes ({@link #fitName}), and a failure is told
 * in one line with its reason ({@link #reason}), never as a bare path.
 */
public final class ReportFiles {
    /** The longest file name (one path component) most file systems take, in bytes of UTF-8. */
    public static final int NAME_MAX = 255;

    /** Bytes of a target's name kept in its temporary file's name: room for ".", pid, time and ".tmp". */
    private static final int TEMP_NAME_PART = 200;

    private ReportFiles() {
    }

    /**
     * Writes {@code target} in UTF-8 with what {@code content} writes. The rename is atomic where the
     * file system supports it; otherwise the temporary file replaces the target with a plain move.
     * If {@code content} throws, the target is left as it was and the temporary file is removed.
     * Missing parent directories are created. A file-system failure (permissions, a file where a
     * directory should be, a name too long) is an {@link IOException} whose message is one line:
     * {@code cannot write <target>: <reason>}; what {@code content} throws is passed on as it is.
     */
    public static void writeAtomically(Path target, IOConsumer<Writer> content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        // the temporary name carries only the head of the target's: a target named near the limit must
        // not fail because its temporary file's name is longer still
        Path temp = dir.resolve("." + fitName(absolute.getFileName().toString(), TEMP_NAME_PART) + "."
                + ProcessHandle.current().pid() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            Files.createDirectories(dir);
            try {
                // not Files.createTempFile: its owner-only permissions would carry over to the report; a plain
                // new file gets the process's usual permissions (umask), like any file the user writes
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
        } catch (FileSystemException e) {
            throw new IOException("cannot write " + absolute + ": " + reason(e, absolute, temp), e);
        }
    }

    /**
     * Why a file operation failed, in a few words for a one-line message: the operating system's reason
     * ("File name too long", "Read-only file system") or what the exception type means. The path named by
     * the exception is added when it is not {@code file}, the one being written (a parent that is a file,
     * a missing directory).
     */
    public static String reason(IOException e, Path file) {
        return reason(e, file, file);
    }

    private static String reason(IOException e, Path target, Path temp) {
        if (!(e instanceof FileSystemException f)) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
        }
        String file = f.getFile();
        boolean other = file != null && !file.equals(String.valueOf(target)) && !file.equals(String.valueOf(temp));
        String why;
        if (f instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (f instanceof FileAlreadyExistsException && other) {
            // Files.createDirectories met a file where a directory should be
            return file + " exists and is not a directory";
        } else if (f instanceof NoSuchFileException) {
            why = "no such file or directory";
        } else if (f.getReason() != null) {
            why = oneLine(f.getReason());
        } else {
            why = f.getClass().getSimpleName();
        }
        return other && f.getReason() == null ? why + " (" + file + ")" : why;
    }

    /**
     * {@code name} cut to at most {@code maxBytes} bytes of UTF-8, at a character boundary: the same
     * name when it fits.
     */
    public static String fitName(String name, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                return name.substring(0, i);
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return name;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
