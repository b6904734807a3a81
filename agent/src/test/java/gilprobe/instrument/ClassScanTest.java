package gilprobe.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

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

    /**
     * The smallest class file: constant pool {@code #1 Utf8 "X"}, {@code #2 Class #1}; no super class,
     * interfaces, fields, methods or attributes.
     */
    private static byte[] classFile(int access, int thisClass) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(61);
        out.writeShort(3);
        out.writeByte(1);
        out.writeUTF("X");
        out.writeByte(7);
        out.writeShort(1);
        out.writeShort(access);
        out.writeShort(thisClass);
        for (int i = 0; i < 5; i++) { // super class, interfaces, fields, methods, attributes
            out.writeShort(0);
        }
        return bytes.toByteArray();
    }

    @Test
    void aClassWithoutANameIsRefusedWhateverItsAccessFlags() throws IOException {
        assertEquals("X", ClassScan.scan(classFile(0x0021, 2), 0).className);
        assertEquals("X", ClassScan.scan(classFile(0, 2), 0).className, "access flags 0 are allowed");
        // this_class pointing at the Utf8 constant, not at a Class constant: no name to read
        for (int access : new int[] {0x0021, 0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassScan.scan(classFile(access, 1), 0),
                    "access " + access);
            assertEquals("no class name", e.getMessage());
        }
    }
}
