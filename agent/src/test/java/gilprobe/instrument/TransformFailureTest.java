package gilprobe.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;


import gilprobe.options.AgentOptions;

/** A class that cannot be instrumented is reported once on stderr and left unchanged. */
class TransformFailureTest {
    @Test
    void aFailingClassIsReportedOnceAndPassedThrough() throws Exception {
        byte[] bytes = InstrumentedBytecodeTest.bytes("gilprobe.it.programs.SyncBlocks");
        bytes[6] = 0;
        bytes[7] = 99; // a class file version no reader here knows
        Transformer t = new Transformer(AgentOptions.parse("monitor=gilprobe.it.programs.SyncBlocks.LOCK"), null);
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            ClassLoader loader = getClass().getClassLoader();
            assertNull(t.transform(null, loader, "gilprobe/it/programs/SyncBlocks", null, null, bytes));
            assertNull(t.transform(null, loader, "gilprobe/it/programs/SyncBlocks", null, null, bytes));
        } finally {
            System.setErr(original);
        }
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(1, lines.length, "reported once");
        assertTrue(lines[0].startsWith("gilprobe: could not instrument gilprobe.it.programs.SyncBlocks, left unchanged: "), lines[0]);
    }

    @Test
    void jdkAndGilprobeClassesAreNeverTouched() throws Exception {
        Transformer t = new Transformer(AgentOptions.parse("monitor=a.B.c"), null);
        byte[] bytes = InstrumentedBytecodeTest.bytes("gilprobe.it.programs.SyncBlocks");
        assertNull(t.transform(null, null, "gilprobe/it/programs/SyncBlocks", null, null, bytes), "boot loader");
        assertNull(t.transform(null, ClassLoader.getPlatformClassLoader(), "x/Y", null, null, bytes), "platform loader");
        assertNull(t.transform(null, getClass().getClassLoader(), "gilprobe/probe/Probes", null, null, bytes), "gilprobe");
    }
}
