package gilprobe.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

import gilprobe.options.AgentOptions;

/**
 * The instrumented bytecode, instruction for instruction, as it was when it was last reviewed: each case
 * instruments a class file stored under {@code src/test/resources/gilprobe/instrument/golden/input}
 * and compares ASM's text of the result with {@code golden/<case>.txt}. The rewrites' hot path was tuned
 * (see docs/design.md, "The observer effect"): a change here must be one that was meant.
 *
 * <p>Robust by construction: the input class files are stored, not compiled (a javac upgrade or an edit of
 * a test program changes nothing here), and the two numbers that depend on what else ran in this JVM, the
 * site id passed to {@code monitorRequest} and the loop id passed to {@code loopCounter}/{@code opcode}
 * (both from global registries), are renumbered in order of appearance ({@code <site#0>}, {@code <loop#0>}); so are
 * the request and release sites of {@code find=true}'s probes ({@code <site#n>}, {@code <release#n>}).
 *
 * <p>After an intended change of the rewrites, rewrite the goldens and review their diff:
 * {@code mvn -B -o test -pl agent -am -Dtest=InstrumentedBytecodeGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgilprobe.golden.update=true}. A missing input is then captured from the compiled test class of that name.
 */
class InstrumentedBytecodeGoldenTest {
    private static final String P = "gilprobe.it.programs.";
    private static final String R = "gilprobe.instrument.RewriteSamples";
    private static final Path GOLDEN = Path.of("src/test/resources/gilprobe/instrument/golden");
    private static final boolean UPDATE = Boolean.getBoolean("gilprobe.golden.update");
    /** An id pushed right before the probe call that takes it (SIPUSH, or LDC above Short.MAX_VALUE). */
    private static final Pattern ID_BEFORE_PROBE = Pattern.compile(
            "(?m)^(\\s+(?:SIPUSH|LDC) )(\\d+)\\n(\\s+INVOKESTATIC gilprobe/probe/Probes\\.(monitorRequest|loopCounter|opcode"
                    + "|findMonitorRequest|findLock|findLockInterruptibly|findTryLock|findNewCondition|findMonitorRelease|findUnlock|findObjectWait) )");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "syncBlocks          | monitor=" + P + "SyncBlocks.LOCK                  | " + P + "SyncBlocks                | true",
            "staticSync          | monitor=" + P + "StaticSync                       | " + P + "StaticSync                | true",
            "staticSyncRetransformed | monitor=" + P + "StaticSync                   | " + P + "StaticSync                | false",
            "instanceGilGil      | monitor=" + P + "InstanceGil.gil                  | " + P + "InstanceGil$Gil           | true",
            "instanceGil         | monitor=" + P + "InstanceGil.gil                  | " + P + "InstanceGil               | true",
            "waitNotify          | monitor=" + P + "WaitNotify.LOCK                  | " + P + "WaitNotify                | true",
            "locks               | lock=" + P + "Locks.LOCK                          | " + P + "Locks                     | true",
            "cpythonGil          | acquire=" + P + "CpythonGil$Gil#take,release=" + P + "CpythonGil$Gil#drop | " + P + "CpythonGil$Gil | true",
            "exits               | monitor=" + P + "Exits.LOCK                       | " + P + "Exits                     | true",
            "hotLoopsClass       | monitor=" + P + "HotLoops                         | " + P + "HotLoops                  | true",
            "hotLoopsField       | monitor=" + P + "HotLoops.LOCK                    | " + P + "HotLoops                  | true",
            "hotLoopsLock        | lock=" + P + "HotLoops.RLOCK                      | " + P + "HotLoops                  | true",
            "virtualMonitor      | monitor=" + P + "VirtualThreads.MONITOR           | " + P + "VirtualThreads            | true",
            "virtualLock         | lock=" + P + "VirtualThreads.LOCK                 | " + P + "VirtualThreads            | true",
            "virtualMethodsGil   | acquire=" + P + "VirtualThreads$MethodsGil#take,release=" + P + "VirtualThreads$MethodsGil#drop | " + P + "VirtualThreads$MethodsGil | true",
            "dispatch            | monitor=x.Y.z,dispatchCases=4                     | gilprobe.instrument.DispatchSamples | true",
            "dispatchOpcodes     | monitor=x.Y.z,dispatchCases=4,opcodes=true        | gilprobe.instrument.DispatchSamples | true",
            "dispatchLock        | monitor=gilprobe.instrument.DispatchSamples.LOCK,dispatchCases=4 | gilprobe.instrument.DispatchSamples | true",
            "samplesField        | monitor=" + R + ".MONITOR,dispatchCases=4         | " + R + " | true",
            "samplesFieldRetransformed | monitor=" + R + ".MONITOR,dispatchCases=4   | " + R + " | false",
            "samplesInstanceField | monitor=" + R + ".instanceMonitor,dispatch=off   | " + R + " | true",
            "samplesClass        | monitor=" + R + ",dispatch=off                    | " + R + " | true",
            "samplesLock         | lock=" + R + ".LOCK,dispatch=off                  | " + R + " | true",
            // find=true: every monitor and Lock call, with the find probes and their sites
            "findSamples         | find=true,dispatch=off                            | " + R + " | true",
            "findSamplesRetransformed | find=true,dispatch=off                       | " + R + " | false",
            "findLocks           | find=true                                         | " + P + "Locks                     | true",
            "findWaitNotify      | find=true                                         | " + P + "WaitNotify                | true",
            "findStaticSync      | find=true                                         | " + P + "StaticSync                | true",
            "findWithDesignation | find=true,lock=" + P + "Locks.LOCK                 | " + P + "Locks                     | true",
    })
    void instrumentedBytecodeIsUnchanged(String name, String options, String className, boolean firstLoad) throws Exception {
        byte[] input = input(className);
        Transformer t = new Transformer(AgentOptions.parse(options), null);
        byte[] out = t.instrument(null, getClass().getClassLoader(), className.replace('.', '/'), firstLoad, input);
        assertNotNull(out, "the class needed instrumenting");
        String text = "# " + options + " | " + className + " | firstLoad=" + firstLoad + "\n" + renumberIds(textify(out));
        Path golden = GOLDEN.resolve(name + ".txt");
        if (UPDATE) {
            Files.writeString(golden, text, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), text,
                "instrumented " + className + " differs from " + golden + " (see this class's comment)");
    }

    private static byte[] input(String className) throws IOException {
        Path stored = GOLDEN.resolve("input").resolve(className + ".class.bin");
        if (!Files.exists(stored) && UPDATE) {
            Files.createDirectories(stored.getParent());
            Files.write(stored, InstrumentedBytecodeTest.bytes(className));
        }
        return Files.readAllBytes(stored);
    }

    static String textify(byte[] classFile) {
        StringWriter text = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        return text.toString();
    }

    /** Site and loop ids as {@code <site#n>}, {@code <loop#n>}, n counting distinct ids in order of appearance. */
    static String renumberIds(String text) {
        Map<String, String> ids = new HashMap<>();
        Matcher m = ID_BEFORE_PROBE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String probe = m.group(4);
            String kind = probe.equals("findMonitorRelease") || probe.equals("findUnlock") || probe.equals("findObjectWait") ? "release"
                    : probe.equals("loopCounter") || probe.equals("opcode") ? "loop" : "site";
            String key = kind + m.group(2);
            String id = ids.get(key);
            if (id == null) {
                long n = ids.keySet().stream().filter(k -> k.startsWith(kind)).count();
                id = "<" + kind + "#" + n + ">";
                ids.put(key, id);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + id + "\n" + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
