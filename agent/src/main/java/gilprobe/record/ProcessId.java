package gilprobe.record;

import java.io.File;
import java.io.IOException;

/**
 * This JVM's process id, read without {@code ProcessHandle} on the agent's start path: the first
 * {@code ProcessHandle.current()} spins lambdas and method handles in the JDK (measured: 46 compilations and
 * 24 lambda-related classes for one call, against 5 and none for this), and on a 2-core machine their
 * compilations queue ahead of the target's. On Linux the id is the name {@code /proc/self} links to; elsewhere
 * (or if that fails) {@code ProcessHandle} answers.
 */
public final class ProcessId {
    private static long pid;

    private ProcessId() {
    }

    /** The process id of this JVM. */
    public static synchronized long current() {
        if (pid == 0) {
            pid = fromProc();
            if (pid <= 0) {
                pid = ProcessHandle.current().pid();
            }
        }
        return pid;
    }

    private static long fromProc() {
        try {
            File self = new File("/proc/self");
            if (!self.exists()) {
                return -1;
            }
            return Long.parseLong(self.getCanonicalFile().getName());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
