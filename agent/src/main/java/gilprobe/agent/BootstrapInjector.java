package gilprobe.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.jar.JarFile;

import gilprobe.instrument.ProbeClasses;

/**
 * Defines the probe classes ({@link ProbeClasses}) in the bootstrap class loader when the agent jar is not
 * on the bootstrap class path: always at attach, and at launch when the manifest's {@code Boot-Class-Path}
 * did not name this jar (a renamed jar, or one reached through a link to another name).
 *
 * <p>Why not {@code Instrumentation.appendToBootstrapClassLoaderSearch}: in the live phase HotSpot then
 * prints "Sharing is only supported for boot loader classes because bootstrap classpath has been appended"
 * on the target's output and stops sharing application classes from the CDS archive. Why not Byte Buddy's
 * {@code ClassInjector.UsingUnsafe}, which OpenTelemetry's agent uses: it reaches
 * {@code jdk.internal.misc.Unsafe} through {@code sun.misc.Unsafe}'s memory methods, which Java 24 and later
 * report on stderr (JEP 498), and builds a helper class with Byte Buddy first (0.8 s on the project's
 * machine). {@code UsingInstrumentation} appends a jar (the notice again), and {@code UsingLookup} needs a
 * class of the target package already in the bootstrap loader.
 *
 * <p>So: {@code java.base} exports {@code jdk.internal.misc} (through {@link Instrumentation#redefineModule})
 * to the unnamed module of a private class loader that holds one class, {@link BootDefiner}, which calls
 * {@code Unsafe.defineClass} with the bootstrap loader. Nothing is exported to the application's modules.
 */
public final class BootstrapInjector {
    private static final String DEFINER = "gilprobe.agent.BootDefiner";

    private BootstrapInjector() {
    }

    /** Defines the probe classes unless the bootstrap loader has them already; returns how many were defined. */
    public static int inject(Instrumentation inst, JarFile jar) {
        if (ProbeClasses.inBootstrapLoader()) {
            return 0; // an earlier attach of this agent
        }
        Map<String, byte[]> classes = ProbeClasses.read(jar);
        BiFunction<String, byte[], Class<?>> definer = definer(inst, jar);
        classes.forEach(definer::apply);
        return classes.size();
    }

    @SuppressWarnings("unchecked")
    private static BiFunction<String, byte[], Class<?>> definer(Instrumentation inst, JarFile jar) {
        Isolated loader = new Isolated(BootstrapInjector.class.getClassLoader());
        try (InputStream in = jar.getInputStream(jar.getJarEntry(DEFINER.replace('.', '/') + ".class"))) {
            Class<?> type = loader.define(DEFINER, in.readAllBytes());
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())),
                    Map.of(), Set.of(), Map.of());
            return (BiFunction<String, byte[], Class<?>>) type.getConstructor().newInstance();
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define gilprobe's probes in the bootstrap class loader: " + e, e);
        }
    }

    /** The private loader of {@link BootDefiner}: its unnamed module is the only one {@code jdk.internal.misc} is exported to. */
    private static final class Isolated extends ClassLoader {
        Isolated(ClassLoader parent) {
            super("gilprobe-boot-definer", parent);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
