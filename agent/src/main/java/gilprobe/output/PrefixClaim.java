package gilprobe.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import gilprobe.record.ProcessId;
import gilprobe.report.json.ReportFiles;

/**
 * One JVM's exclusive use of an output prefix while it records, so that two JVMs given the same
 * {@code out=} never write the same files: one's report would silently replace the other's, and two
 * interval writers would tear each other's lines of {@code <out>.hlog}. The first JVM gets {@code <out>};
 * a JVM that finds it claimed takes {@code <out>-<pid>} (and, should that be claimed too, as PID namespaces
 * sharing a directory allow, {@code <out>-<pid>-2}, and so on).
 *
 * <p>A claim is an OS lock ({@link FileChannel#tryLock}) on an empty file {@code .<name>.lock} beside the
 * reports, which the OS drops when the process ends, however it ends (SIGKILL included). The file itself
 * stays: deleting it on release would let a JVM that opened it just before lock a file that no longer has
 * the name while a third creates and locks a new one, and telling the two apart would need a second open
 * of the file, whose close drops the process's POSIX lock on it. Where no lock file can be made (an
 * unwritable directory), the prefix is used unclaimed: its reports then go where {@link ReportOutput}
 * puts them when they cannot go where asked.
 */
public final class PrefixClaim {
    private static final int MAX_TRIES = 10;

    private final String requested;
    private final String prefix;
    /** Holds the lock while open (closing it releases the lock); null when unclaimed. */
    private final FileChannel channel;

    private PrefixClaim(String requested, String prefix, FileChannel channel) {
        this.requested = requested;
        this.prefix = prefix;
        this.channel = channel;
    }

    /** Claims {@code requested}, or the first free of its per-process variants. Never throws. */
    public static PrefixClaim claim(String requested) {
        long pid = ProcessId.current();
        String candidate = requested;
        for (int i = 1; i <= MAX_TRIES; i++) {
            PrefixClaim claim;
            try {
                claim = tryClaim(requested, candidate);
            } catch (IOException | RuntimeException e) {
                return new PrefixClaim(requested, candidate, null); // nowhere to lock: unclaimed
            }
            if (claim != null) {
                return claim;
            }
            candidate = requested + "-" + pid + (i == 1 ? "" : "-" + i);
        }
        return new PrefixClaim(requested, candidate, null);
    }

    /** The claim of {@code prefix}, or null when another JVM holds it. */
    private static PrefixClaim tryClaim(String requested, String prefix) throws IOException {
        Path absolute = Path.of(prefix).toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path file = dir.resolve("." + ReportFiles.fitName(absolute.getFileName().toString(), 200) + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new PrefixClaim(requested, prefix, channel);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return null;
    }

    /** The prefix this JVM writes to. */
    public String prefix() {
        return prefix;
    }

    /** The prefix asked for. */
    public String requested() {
        return requested;
    }

    /** Whether another JVM held the requested prefix, so this one writes to another. */
    public boolean moved() {
        return !prefix.equals(requested);
    }

    /** Gives the prefix back (after the last report). Never throws. */
    public void release() {
        if (channel == null) {
            return;
        }
        try {
            channel.close(); // releases the lock
        } catch (IOException ignored) {
            // the process's end releases it in any case
        }
    }
}
