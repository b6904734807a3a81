package gilprobe.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Modifier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;


import gilprobe.options.AgentOptions;

/**
 * Every rewrite produces bytecode that ASM's verifier accepts (frames, stack, locals), for each kind of
 * designation, and classes with nothing to instrument are passed through untouched.
 */
class InstrumentedBytecodeTest {
    private static final String P = "gilprobe.it.programs.";

    static byte[] bytes(String className) throws IOException {
        try (InputStream in = InstrumentedBytecodeTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    static byte[] instrument(String options, String className) throws Exception {
        Transformer t = new Transformer(AgentOptions.parse(options), null);
        return t.instrument(null, InstrumentedBytecodeTest.class.getClassLoader(), className.replace('.', '/'), true,
                bytes(className));
    }

    static void assertVerifies(byte[] instrumented) {
        StringWriter errors = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(instrumented), InstrumentedBytecodeTest.class.getClassLoader(), false,
                new PrintWriter(errors));
        assertEquals("", errors.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "monitor=gilprobe.it.programs.SyncBlocks.LOCK | gilprobe.it.programs.SyncBlocks",
            "monitor=gilprobe.it.programs.StaticSync | gilprobe.it.programs.StaticSync",
            "monitor=gilprobe.it.programs.InstanceGil.gil | gilprobe.it.programs.InstanceGil$Gil",
            "monitor=gilprobe.it.programs.InstanceGil.gil | gilprobe.it.programs.InstanceGil",
            "monitor=gilprobe.it.programs.WaitNotify.LOCK | gilprobe.it.programs.WaitNotify",
            "lock=gilprobe.it.programs.Locks.LOCK | gilprobe.it.programs.Locks",
            "acquire=gilprobe.it.programs.CpythonGil$Gil#take,release=gilprobe.it.programs.CpythonGil$Gil#drop | gilprobe.it.programs.CpythonGil$Gil",
            "monitor=x.Y.z,dispatchCases=4 | gilprobe.instrument.DispatchSamples",
            "monitor=x.Y.z,dispatchCases=4,opcodes=true | gilprobe.instrument.DispatchSamples",
            "monitor=gilprobe.instrument.DispatchSamples.LOCK,dispatchCases=4 | gilprobe.instrument.DispatchSamples",
            "monitor=gilprobe.instrument.RewriteSamples.MONITOR,dispatchCases=4 | gilprobe.instrument.RewriteSamples",
            "monitor=gilprobe.instrument.RewriteSamples.instanceMonitor | gilprobe.instrument.RewriteSamples",
            "monitor=gilprobe.instrument.RewriteSamples | gilprobe.instrument.RewriteSamples",
            "lock=gilprobe.instrument.RewriteSamples.LOCK | gilprobe.instrument.RewriteSamples",
            "find=true,dispatchCases=4 | gilprobe.instrument.RewriteSamples",
            "find=true | gilprobe.it.programs.Locks",
            "find=true | gilprobe.it.programs.WaitNotify",
            "find=true | gilprobe.it.programs.StaticSync",
            "find=true | gilprobe.it.programs.InstanceGil$Gil",
            "find=true,monitor=gilprobe.it.programs.SyncBlocks.LOCK | gilprobe.it.programs.SyncBlocks",
    })
    void rewritesVerify(String options, String className) throws Exception {
        byte[] out = instrument(options.trim(), className.trim());
        assertNotNull(out, "the class needed instrumenting");
        assertVerifies(out);
    }

    /** Defines instrumented bytes in a fresh loader: the JVM's own verifier checks the stack map frames. */
    static Class<?> define(String className, byte[] bytes) {
        return new ClassLoader(InstrumentedBytecodeTest.class.getClassLoader()) {
            Class<?> load() {
                return defineClass(className, bytes, 0, bytes.length);
            }
        }.load();
    }

    /** The JVM's own verifier (at link time, forced by initialising the class) accepts every rewrite shape. */
    @ParameterizedTest
    @CsvSource({
            "monitor=gilprobe.instrument.RewriteSamples.MONITOR,dispatchCases=4",
            "monitor=gilprobe.instrument.RewriteSamples.instanceMonitor",
            "monitor=gilprobe.instrument.RewriteSamples",
            "lock=gilprobe.instrument.RewriteSamples.LOCK",
            "find=true,dispatchCases=4",
    })
    void theJvmVerifiesEveryRewriteShape(String options) throws Exception {
        String name = "gilprobe.instrument.RewriteSamples";
        Class<?> c = define(name, instrument(options, name));
        assertEquals(c, Class.forName(name, true, c.getClassLoader()));
    }

    /**
     * A {@code new} right after {@code monitorenter}, its object in a stack map frame: the JVM accepted the
     * rewrite only when the calls after {@code monitorenter} do not separate the {@code new} from the label
     * its frames name ("bad offset for Uninitialized" otherwise, which stopped Truffle's FrameDescriptor).
     */
    @ParameterizedTest
    @CsvSource({
            "monitor=gilprobe.instrument.NewInMonitorSamples.LOCK",
            "monitor=gilprobe.instrument.NewInMonitorSamples.instanceLock",
            "monitor=gilprobe.instrument.NewInMonitorSamples",
            "find=true",
    })
    void aNewRightAfterMonitorenterVerifiesAndRuns(String options) throws Exception {
        String name = "gilprobe.instrument.NewInMonitorSamples";
        byte[] out = instrument(options, name);
        assertNotNull(out, "the class needed instrumenting");
        assertVerifies(out);
        Class<?> c = define(name, out);
        Object sample = c.getConstructor().newInstance();
        assertEquals("Box[s=b, n=1]", String.valueOf(c.getMethod("conditionalArgument", boolean.class).invoke(null, false)));
        assertEquals("Box[s=null, n=3]",
                String.valueOf(c.getMethod("twoConditionalArguments", boolean.class, int.class).invoke(sample, false, -3)));
        assertEquals("Box[s=ab, n=2]", String.valueOf(c.getMethod("onThis", String.class).invoke(sample, "ab")));
        assertEquals("Box[s=x, n=2]", String.valueOf(c.getMethod("nested", boolean.class).invoke(null, true)));
    }

    /**
     * Stack traces of instrumented code name the lines the source has: an exception on a {@code synchronized}
     * line and one on the line after it (whose line-number entry follows the label the bracketing holds back
     * until the calls after {@code monitorenter} are placed).
     */
    @ParameterizedTest
    @CsvSource({"monitor=gilprobe.instrument.NewInMonitorSamples.LOCK", "find=true"})
    void instrumentedCodeKeepsItsLineNumbers(String options) throws Exception {
        String name = "gilprobe.instrument.NewInMonitorSamples";
        Class<?> c = define(name, instrument(options, name));
        java.lang.reflect.Method instrumented = c.getMethod("lockAndRead", Object.class, int[].class);
        for (Object[] args : new Object[][] {{null, new int[1]}, {new Object(), null}}) {
            int expected = -1;
            try {
                NewInMonitorSamples.lockAndRead(args[0], (int[]) args[1]);
            } catch (NullPointerException e) {
                expected = e.getStackTrace()[0].getLineNumber();
            }
            java.lang.reflect.InvocationTargetException thrown = org.junit.jupiter.api.Assertions.assertThrows(
                    java.lang.reflect.InvocationTargetException.class, () -> instrumented.invoke(null, args));
            StackTraceElement top = thrown.getCause().getStackTrace()[0];
            assertEquals("lockAndRead", top.getMethodName());
            assertEquals(expected, top.getLineNumber(), "line of the NPE with lock " + args[0] + ", array " + args[1]);
        }
    }

    @Test
    void dispatchTicksAreExactInTheRealJvm() throws Exception {
        byte[] out = instrument("monitor=x.Y.z,dispatchCases=4", "gilprobe.instrument.DispatchSamples");
        Class<?> c = define("gilprobe.instrument.DispatchSamples", out);
        int[] program = {0, 0, 1, 2, 3, 4, 0, 2, 3, 1, 5};
        int ticks = (int) c.getMethod("interpret", int[].class).invoke(null, (Object) program);
        int sparse = (int) c.getMethod("sparse", int[].class).invoke(null, (Object) new int[] {10, 200, 7, -5});
        assertEquals(11, ticks);
        assertEquals(1 + 2 + 100 + 5, sparse);
        var loops = gilprobe.record.Recording.active().snapshot().dispatchLoops();
        var interpret = loops.stream().filter(l -> l.method().equals("interpret")).findFirst().orElseThrow();
        var sparseLoop = loops.stream().filter(l -> l.method().equals("sparse")).findFirst().orElseThrow();
        assertEquals(11, interpret.ticks(), "one tick per execution of the switch");
        assertEquals(6, interpret.cases());
        assertEquals(4, sparseLoop.ticks());
        assertEquals("([I)I", interpret.descriptor());
    }

    /**
     * opcodes=true: each case counted by its trampoline, exactly, in a real JVM: every key of a dense and a
     * sparse switch, the default branch (a key out of range, a key between the sparse ones), and the
     * per-case counts adding up to the ticks.
     */
    @Test
    void perOpcodeCountsAreExactInTheRealJvm() throws Exception {
        gilprobe.record.Recording.start(new gilprobe.record.Recording.Settings(
                java.util.List.of(new gilprobe.record.Recording.Designation("monitor=x.Y.z", "monitor")),
                "monitor=x.Y.z,opcodes=true", 0, 8, true, false));
        try {
            byte[] out = instrument("monitor=x.Y.z,dispatchCases=4,opcodes=true", "gilprobe.instrument.DispatchSamples");
            assertVerifies(out);
            Class<?> c = define("gilprobe.instrument.DispatchSamples", out);
            int[] program = {0, 0, 1, 2, 3, 4, 0, 2, 3, 1, 5};
            assertEquals(11, (int) c.getMethod("interpret", int[].class).invoke(null, (Object) program));
            assertEquals(1 + 2 + 100 + 5 + 1 + 100, (int) c.getMethod("sparse", int[].class)
                    .invoke(null, (Object) new int[] {10, 200, 7, -5, 10, 41}));
            java.lang.reflect.InvocationTargetException bad = org.junit.jupiter.api.Assertions.assertThrows(
                    java.lang.reflect.InvocationTargetException.class,
                    () -> c.getMethod("interpret", int[].class).invoke(null, (Object) new int[] {0, 9}));
            assertEquals("bad op 9", bad.getCause().getMessage(), "the default branch runs as it did");
            var loops = gilprobe.record.Recording.active().snapshot().dispatchLoops();
            var interpret = loops.stream().filter(l -> l.method().equals("interpret")).findFirst().orElseThrow();
            var sparse = loops.stream().filter(l -> l.method().equals("sparse")).findFirst().orElseThrow();
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            for (var o : interpret.opcodes()) {
                counts.put(o.isDefault() ? "default" : String.valueOf(o.key()), o.count());
            }
            assertEquals(java.util.Map.of("0", 4L, "1", 2L, "2", 2L, "3", 2L, "4", 1L, "5", 1L, "default", 1L), counts);
            assertEquals(13, interpret.ticks());
            counts.clear();
            for (var o : sparse.opcodes()) {
                counts.put(o.isDefault() ? "default" : String.valueOf(o.key()), o.count());
            }
            assertEquals(java.util.Map.of("10", 2L, "200", 1L, "-5", 1L, "default", 2L), counts);
            assertEquals(6, sparse.ticks());
        } finally {
            gilprobe.record.Recording.start(new gilprobe.record.Recording.Settings(
                    java.util.List.of(new gilprobe.record.Recording.Designation("", "monitor")), "", 0, 0, false, false));
        }
    }

    /**
     * A dispatch loop in a method of {@code padding} × 2 bytes of straight-line code before the loop: 6 cases
     * (0-3 loop, 4 loops, 5 returns the ticks), the default returns minus the ticks.
     */
    private static byte[] loopWithPadding(String name, int padding) {
        org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        w.visit(61, Modifier.PUBLIC | Modifier.FINAL, name, null, "java/lang/Object", null);
        org.objectweb.asm.MethodVisitor m = w.visitMethod(Modifier.PUBLIC | Modifier.STATIC, "interpret", "([I)I", null, null);
        m.visitCode();
        m.visitInsn(org.objectweb.asm.Opcodes.ICONST_0);
        m.visitVarInsn(org.objectweb.asm.Opcodes.ISTORE, 1);
        m.visitInsn(org.objectweb.asm.Opcodes.ICONST_0);
        m.visitVarInsn(org.objectweb.asm.Opcodes.ISTORE, 2);
        m.visitInsn(org.objectweb.asm.Opcodes.ICONST_0);
        m.visitVarInsn(org.objectweb.asm.Opcodes.ISTORE, 3);
        for (int i = 0; i < padding; i++) {
            m.visitInsn(org.objectweb.asm.Opcodes.ICONST_0);
            m.visitInsn(org.objectweb.asm.Opcodes.POP);
        }
        org.objectweb.asm.Label loop = new org.objectweb.asm.Label();
        org.objectweb.asm.Label[] cases = new org.objectweb.asm.Label[6];
        org.objectweb.asm.Label dflt = new org.objectweb.asm.Label();
        m.visitLabel(loop);
        m.visitIincInsn(2, 1);
        m.visitVarInsn(org.objectweb.asm.Opcodes.ALOAD, 0);
        m.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 1);
        m.visitInsn(org.objectweb.asm.Opcodes.IALOAD);
        m.visitIincInsn(1, 1);
        for (int i = 0; i < 6; i++) {
            cases[i] = new org.objectweb.asm.Label();
        }
        m.visitTableSwitchInsn(0, 5, dflt, cases);
        for (int i = 0; i < 5; i++) {
            m.visitLabel(cases[i]);
            m.visitIincInsn(3, i); // a body of its own for each case
            m.visitJumpInsn(org.objectweb.asm.Opcodes.GOTO, loop);
        }
        m.visitLabel(cases[5]);
        m.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 2);
        m.visitInsn(org.objectweb.asm.Opcodes.IRETURN);
        m.visitLabel(dflt);
        m.visitVarInsn(org.objectweb.asm.Opcodes.ILOAD, 2);
        m.visitInsn(org.objectweb.asm.Opcodes.INEG);
        m.visitInsn(org.objectweb.asm.Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    /**
     * opcodes=true keeps a dispatch loop compilable: a method the trampolines would push over HotSpot's 8,000
     * bytes (which it never compiles) counts through a call before the switch instead, with the same exact
     * counts; a small one gets the trampolines.
     */
    @ParameterizedTest
    @CsvSource({"gen/SmallLoop, 100, false", "gen/NearTheLimit, 3500, true"})
    void perOpcodeCountingKeepsAMethodUnderTheCompileLimit(String name, int padding, boolean viaCall) throws Exception {
        gilprobe.record.Recording.start(new gilprobe.record.Recording.Settings(
                java.util.List.of(new gilprobe.record.Recording.Designation("monitor=x.Y.z", "monitor")),
                "monitor=x.Y.z,opcodes=true", 0, 8, true, false));
        try {
            byte[] original = loopWithPadding(name, padding);
            Transformer t = new Transformer(AgentOptions.parse("monitor=x.Y.z,dispatchCases=4,opcodes=true"), null);
            byte[] out = t.instrument(null, InstrumentedBytecodeTest.class.getClassLoader(), name, true, original);
            assertNotNull(out);
            assertVerifies(out);
            var node = new org.objectweb.asm.tree.ClassNode();
            new ClassReader(out).accept(node, 0);
            var interpret = node.methods.stream().filter(x -> x.name.equals("interpret")).findFirst().orElseThrow();
            boolean calls = false;
            for (var insn : interpret.instructions) {
                calls |= insn instanceof org.objectweb.asm.tree.MethodInsnNode mi && mi.name.equals("opcode");
            }
            assertEquals(viaCall, calls, "counted through a call before the switch");
            int length = ClassScan.scan(out, 0).method("interpret", "([I)I").codeLength();
            assertTrue(length <= DispatchCounter.HUGE_METHOD, "still compilable: " + length + " bytes");
            Class<?> c = define(name.replace('/', '.'), out);
            assertEquals(7, (int) c.getMethod("interpret", int[].class).invoke(null, (Object) new int[] {0, 1, 1, 2, 3, 4, 5}));
            var loop = gilprobe.record.Recording.active().snapshot().dispatchLoops().stream()
                    .filter(l -> l.className().equals(name.replace('/', '.'))).findFirst().orElseThrow();
            java.util.Map<Integer, Long> counts = new java.util.TreeMap<>();
            for (var o : loop.opcodes()) {
                if (o.count() > 0) {
                    counts.put(o.isDefault() ? -1 : o.key(), o.count());
                }
            }
            assertEquals(java.util.Map.of(0, 1L, 1, 2L, 2, 1L, 3, 1L, 4, 1L, 5, 1L), counts);
        } finally {
            gilprobe.record.Recording.start(new gilprobe.record.Recording.Settings(
                    java.util.List.of(new gilprobe.record.Recording.Designation("", "monitor")), "", 0, 0, false, false));
        }
    }

    /**
     * A method the rewrites push over HotSpot's 8,000-byte compile limit is named on stderr and in the notes,
     * once; one that stays under it is not.
     */
    @ParameterizedTest
    @CsvSource({"gen/JustUnder, 3950, true", "gen/FarUnder, 3000, false", "gen/AlreadyOver, 4100, false"})
    void aMethodPushedOverTheCompileLimitIsNamed(String name, int padding, boolean warned) throws Exception {
        gilprobe.record.Recording.start(new gilprobe.record.Recording.Settings(
                java.util.List.of(new gilprobe.record.Recording.Designation("monitor=x.Y.z", "monitor")),
                "monitor=x.Y.z", 0, 8, false, false));
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            byte[] original = loopWithPadding(name, padding);
            Transformer t = new Transformer(AgentOptions.parse("monitor=x.Y.z,dispatchCases=4"), null);
            byte[] out = t.instrument(null, InstrumentedBytecodeTest.class.getClassLoader(), name, true, original);
            t.instrument(null, InstrumentedBytecodeTest.class.getClassLoader(), name, true, original);
            assertNotNull(out, "the dispatch loop is counted");
            int before = ClassScan.scan(original, 0).method("interpret", "([I)I").codeLength();
            int after = ClassScan.scan(out, 0).method("interpret", "([I)I").codeLength();
            assertEquals(warned, before <= DispatchCounter.HUGE_METHOD && after > DispatchCounter.HUGE_METHOD,
                    before + " -> " + after + " bytes");
            String line = "gilprobe: warning: instrumenting " + name.replace('/', '.') + ".interpret made it " + after
                    + " bytes of bytecode (from " + before + "), over the 8000 bytes HotSpot compiles";
            long lines = captured.toString().lines().filter(l -> l.startsWith(line)).count();
            assertEquals(warned ? 1 : 0, lines, captured.toString());
            assertEquals(warned ? 1 : 0, gilprobe.record.Recording.active().snapshot().notes().stream()
                    .filter(n -> n.startsWith(line)).count());
        } finally {
            System.setErr(err);
            gilprobe.record.Recording.start(new gilprobe.record.Recording.Settings(
                    java.util.List.of(new gilprobe.record.Recording.Designation("", "monitor")), "", 0, 0, false, false));
        }
    }

    @Test
    void synchronizedMethodsBecomeBlocksOnFirstLoadOnly() throws Exception {
        byte[] out = instrument("monitor=" + P + "StaticSync", P + "StaticSync");
        var node = new org.objectweb.asm.tree.ClassNode();
        new ClassReader(out).accept(node, 0);
        var inc = node.methods.stream().filter(m -> m.name.equals("inc")).findFirst().orElseThrow();
        assertEquals(0, inc.access & Modifier.SYNCHRONIZED, "ACC_SYNCHRONIZED removed");
        assertTrue(inc.tryCatchBlocks.size() >= 1, "the monitor is released on exceptions");
    }

    @Test
    void classesWithNothingToInstrumentAreUntouched() throws Exception {
        assertNull(instrument("monitor=" + P + "SyncBlocks.LOCK,dispatch=off", P + "Spin"));
        assertNull(instrument("lock=" + P + "Locks.LOCK,dispatch=off", P + "SpinHold$Nothing".replace("$Nothing", "")),
                "a class using only monitors needs nothing for a Lock designation");
    }
}
