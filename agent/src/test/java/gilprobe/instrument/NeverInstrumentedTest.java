package gilprobe.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The rule set of classes the agent never touches, and the guard that keeps it from observing itself. */
class NeverInstrumentedTest {
    private final ClassLoader app = getClass().getClassLoader();

    @Test
    void theJdksLoadersClassesAreNeverTouched() {
        assertTrue(NeverInstrumented.contains(null, "com/example/Main"), "bootstrap loader");
        assertTrue(NeverInstrumented.contains(ClassLoader.getPlatformClassLoader(), "com/example/Main"), "platform loader");
    }

    @Test
    void classesTheJdkGeneratesIntoProgramLoadersAreNeverTouched() {
        assertTrue(NeverInstrumented.contains(app, "jdk/proxy1/$Proxy12"));
        assertTrue(NeverInstrumented.contains(app, "com/sun/proxy/$Proxy3"));
        assertTrue(NeverInstrumented.contains(app, "jdk/internal/reflect/GeneratedMethodAccessor1"));
    }

    @Test
    void gilprobesOwnClassesAreNeverTouchedButItsTargetsAre() {
        assertTrue(NeverInstrumented.contains(app, "gilprobe/Agent"));
        assertTrue(NeverInstrumented.contains(app, "gilprobe/probe/Probes"));
        assertTrue(NeverInstrumented.contains(app, "gilprobe/internal/bytebuddy/jar/asm/ClassReader"));
        assertTrue(NeverInstrumented.contains(app, "gilprobe/report/model/Report"));
        assertFalse(NeverInstrumented.contains(app, "gilprobe/it/programs/SyncBlocks"), "test programs are targets");
        assertFalse(NeverInstrumented.contains(app, "gilprobe/samples/minipy/Interpreter"), "sample apps are targets");
        assertFalse(NeverInstrumented.contains(app, "com/example/Main"));
    }

    /** Every package of the agent's own classes is in the list (a new package must be added to it). */
    @Test
    void everyPackageOfTheAgentIsNeverTouched() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of("target/classes/gilprobe");
        assertTrue(java.nio.file.Files.isDirectory(root), root.toAbsolutePath().toString());
        try (java.util.stream.Stream<java.nio.file.Path> packages = java.nio.file.Files.list(root)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) packages::iterator) {
                String name = "gilprobe/" + p.getFileName() + (java.nio.file.Files.isDirectory(p) ? "/Any" : "");
                assertTrue(NeverInstrumented.contains(app, name.replace(".class", "")), name);
            }
        }
        assertTrue(NeverInstrumented.contains(app, "gilprobe/jmx/LiveMetrics$Registration"));
    }

    @Test
    void theGuardRefusesReentryOnItsThreadOnly() throws Exception {
        ReentryGuard guard = new ReentryGuard();
        assertTrue(guard.enter());
        assertFalse(guard.enter(), "re-entered on the same thread");
        AtomicBoolean other = new AtomicBoolean();
        Thread t = new Thread(() -> other.set(guard.enter()));
        t.start();
        t.join();
        assertTrue(other.get(), "another thread is not inside");
        guard.exit();
        assertTrue(guard.enter(), "free again after exit");
        guard.exit();
    }
}
