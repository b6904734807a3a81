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

    /** What decides whether a running method's class waits at attach ({@link RunningLoops}): a backward jump. */
    @Test
    void aMethodLoopsWhenItsCodeJumpsBack() throws Exception {
        ClassScan scan = ClassScan.scan(InstrumentedBytecodeTest.bytes("gilprobe.instrument.DispatchSamples"), 0);
        java.util.Map<String, Boolean> loops = new java.util.HashMap<>();
        for (ClassScan.MethodInfo m : scan.methods) {
            loops.put(m.name(), m.loops());
        }
        assertEquals(java.util.Map.of("<init>", false, "<clinit>", false, "interpret", true, "sparse", true, "once", false), loops);

        // a switch whose case jumps back is a loop too; forward jumps alone are not
        net.bytebuddy.jar.asm.ClassWriter w = new net.bytebuddy.jar.asm.ClassWriter(net.bytebuddy.jar.asm.ClassWriter.COMPUTE_MAXS);
        w.visit(61, 0x0021, "p/Jumps", null, "java/lang/Object", null);
        for (boolean back : new boolean[] {true, false}) {
            net.bytebuddy.jar.asm.MethodVisitor m = w.visitMethod(0x0009, back ? "back" : "forward", "(I)V", null, null);
            m.visitCode();
            net.bytebuddy.jar.asm.Label top = new net.bytebuddy.jar.asm.Label();
            net.bytebuddy.jar.asm.Label end = new net.bytebuddy.jar.asm.Label();
            m.visitLabel(top);
            m.visitVarInsn(net.bytebuddy.jar.asm.Opcodes.ILOAD, 0);
            m.visitTableSwitchInsn(0, 1, end, end, back ? top : end);
            m.visitLabel(end);
            m.visitInsn(net.bytebuddy.jar.asm.Opcodes.RETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }
        w.visitEnd();
        ClassScan jumps = ClassScan.scan(w.toByteArray(), 0);
        assertTrue(jumps.method("back", "(I)V").loops());
        assertFalse(jumps.method("forward", "(I)V").loops());
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
     * Names are compared in the class file's bytes (modified UTF-8) without decoding: ASCII, two- and
     * three-byte characters and NUL (two bytes in a class file) must compare exactly as the decoded names do.
     */
    @Test
    void namesWithAnyCharactersAreComparedExactly() {
        String[] names = {"lock", "l\u00f6ck", "\u9396", "a\u0000b", "\u00e9t\u00e9", "lockX"};
        net.bytebuddy.jar.asm.ClassWriter w = new net.bytebuddy.jar.asm.ClassWriter(0);
        w.visit(61, 0x0021, "p/\u00dcber", null, "java/lang/Object", null);
        net.bytebuddy.jar.asm.MethodVisitor m = w.visitMethod(0x0009, "\u00fcse", "()V", null, null);
        m.visitCode();
        for (String n : names) {
            m.visitFieldInsn(net.bytebuddy.jar.asm.Opcodes.GETSTATIC, "q/\u00c4rger", n, "I");
            m.visitInsn(net.bytebuddy.jar.asm.Opcodes.POP);
        }
        m.visitInsn(net.bytebuddy.jar.asm.Opcodes.RETURN);
        m.visitMaxs(1, 0);
        m.visitEnd();
        w.visitEnd();
        ClassScan scan = ClassScan.scan(w.toByteArray(), 0);
        assertEquals("p/\u00dcber", scan.className);
        assertTrue(scan.declaresMethod("\u00fcse"));
        for (String n : names) {
            assertTrue(scan.referencesMemberNamed(n), n);
            assertTrue(scan.referencesMember("q/\u00c4rger", n), n);
            assertFalse(scan.referencesMember("q/Arger", n), n);
        }
        for (String absent : new String[] {"loc", "l\u00f6c", "\u9397", "a\u0000c", "a", "lockXY", "\u00e9t\u00e8", "et\u00e9"}) {
            assertFalse(scan.referencesMemberNamed(absent), absent);
        }
        assertTrue(scan.referencesClass("q/\u00c4rger"));
        assertFalse(scan.referencesClass("q/\u00c4rgern"));
        assertTrue(scan.referencedClasses().contains("q/\u00c4rger"));
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
