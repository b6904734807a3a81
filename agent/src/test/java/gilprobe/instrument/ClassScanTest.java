package gilprobe.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassScanTest {
    @Test
    void findsSwitchesInsideLoopsOnly() throws Exception {
        ClassScan scan = ClassScan.scan(InstrumentedBytecodeTest.bytes("gilprobe.instrument.DispatchSamples"), 4);
        var interpret = scan.methods.stream().filter(m -> m.name().equals("interpret")).findFirst().orElseThrow();
        assertEquals(1, interpret.dispatchSwitches().size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, interpret.dispatchSwitches().get(0).caseKeys());
        var sparse = scan.methods.stream().filter(m -> m.name().equals("sparse")).findFirst().orElseThrow();
        assertArrayEquals(new int[] {-5, 10, 200, 3000, 40000}, sparse.dispatchSwitches().get(0).caseKeys());
        var once = scan.methods.stream().filter(m -> m.name().equals("once")).findFirst().orElseThrow();
        assertTrue(once.dispatchSwitches().isEmpty(), "a switch outside a loop is not a dispatch loop");
        assertTrue(scan.hasMonitorEnter);
        assertEquals("gilprobe/instrument/DispatchSamples", scan.className);
    }

    @Test
    void theCaseThresholdApplies() throws Exception {
        ClassScan scan = ClassScan.scan(InstrumentedBytecodeTest.bytes("gilprobe.instrument.DispatchSamples"), 6);
        assertEquals(1, scan.methods.stream().mapToInt(m -> m.dispatchSwitches().size()).sum(), "only interpret has 6 cases");
        assertFalse(ClassScan.scan(InstrumentedBytecodeTest.bytes("gilprobe.instrument.DispatchSamples"), 0).hasDispatchLoops());
    }

    @Test
    void referencesAreFoundInTheConstantPool() throws Exception {
        ClassScan scan = ClassScan.scan(InstrumentedBytecodeTest.bytes("gilprobe.it.programs.WaitNotify"), 0);
        assertTrue(scan.referencesMember("gilprobe/it/programs/WaitNotify", "LOCK"));
        assertTrue(scan.referencesMemberNamed("wait"));
        assertFalse(scan.referencesMemberNamed("notifyAll"));
    }
}
