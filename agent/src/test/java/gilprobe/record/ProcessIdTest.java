package gilprobe.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProcessIdTest {
    /** The id read from /proc (or the fallback) is the one ProcessHandle gives. */
    @Test
    void isThisJvmsProcessId() {
        assertEquals(ProcessHandle.current().pid(), ProcessId.current());
    }
}
