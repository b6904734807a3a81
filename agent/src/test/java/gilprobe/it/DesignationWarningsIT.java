package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A designation that cannot be right gets one warning line on stderr (and a note in the report) when its
 * class is loaded, or when the field's object is first seen; the program runs on unchanged.
 */
class DesignationWarningsIT {
    private static final String P = "gilprobe.it.programs.BadDesignations";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lock=" + P + ".missing | has no field 'missing' (its reference fields: name, RW, MONITOR, GOOD)",
            "monitor=" + P + ".missing | has no field 'missing'",
            "lock=" + P + ".name | the field is a java.lang.String, which cannot hold a java.util.concurrent.locks.Lock",
            "monitor=" + P + ".count | the field is a int, which cannot be a monitor",
            "lock=" + P + ".count | the field is a int, which cannot be a java.util.concurrent.locks.Lock",
            "lock=" + P + ".RW | is a read-write lock (java.util.concurrent.locks.ReentrantReadWriteLock), which is not a Lock: designate a field that holds its readLock() or writeLock()",
            "lock=" + P + ".MONITOR | holds a java.lang.Object, which is not a java.util.concurrent.locks.Lock: nothing will be measured (for synchronized blocks on it, use monitor=" + P + ".MONITOR)",
            "acquire=" + P + "#take,release=" + P + "#main | declares no method take; only subclasses that declare it are measured",
    })
    void oneWarningLineAndTheProgramRunsOn(String designation, String expected) throws Exception {
        var r = ChildJvm.withAgent(designation.trim()).run(P);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("count=" + (1000 * 3) + "\n", r.stdout(), "the program's own output");
        List<String> warnings = Arrays.stream(r.stderr().split("\n")).filter(l -> l.startsWith("gilprobe: warning:")).toList();
        assertEquals(1, warnings.size(), r.stderr());
        assertTrue(warnings.get(0).contains(expected.trim()), warnings.get(0));
        assertTrue(r.report().notes().contains(warnings.get(0)), "the report carries it too: " + r.report().notes());
    }

    @Test
    void aRightDesignationGetsNoWarning() throws Exception {
        var r = ChildJvm.withAgent("lock=" + P + ".GOOD").run(P);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(!r.stderr().contains("gilprobe: warning"), r.stderr());
        assertEquals(1000, r.lock().acquisitions());
    }
}
