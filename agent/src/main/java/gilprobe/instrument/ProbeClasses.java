package gilprobe.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The classes that must be defined by the bootstrap class loader: those instrumented code links to (the
 * probes, the dispatch counters) and everything they use, read from the agent jar's class files. Any
 * class loader, even one that delegates to nothing but the bootstrap loader, must resolve them, and a
 * loader that found them elsewhere would see a second, empty recording.
 *
 * <p>The set is computed, not listed: from the roots, every class constant and every type in a descriptor
 * or signature (see {@link ClassScan#referencedClasses}), to a fixed point, and always whole packages,
 * because a package split between the bootstrap loader and the agent's loader would be two runtime
 * packages and break package-private access between them. The rest of the agent (instrumentation, Byte
 * Buddy, report output) stays in the loader that loaded the agent, and reaches these classes by delegation.
 */
public final class ProbeClasses {
    /** The class whose static methods instrumented code calls (internal name). */
    static final String PROBES = "gilprobe/probe/Probes";
    /** What instrumented code links to: the probes and the dispatch-loop counter. */
    private static final List<String> ROOTS = List.of(PROBES, DispatchCounter.COUNTER);

    private ProbeClasses() {
    }

    /** Whether the bootstrap loader has the probes: from its class path (launch) or defined there (attach). */
    public static boolean inBootstrapLoader() {
        try {
            Class.forName(PROBES.replace('/', '.'), false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The class files to define in the bootstrap loader, by binary name, each after its superclass and
     * interfaces (a class can only be defined once they are).
     */
    public static Map<String, byte[]> read(JarFile jar) {
        // loops, not a stream or lambdas: this runs in premain when the jar was renamed
        Map<String, Set<String>> packages = new HashMap<>();
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String n = entries.nextElement().getName();
            if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
                String name = n.substring(0, n.length() - 6);
                Set<String> members = packages.get(packageOf(name));
                if (members == null) {
                    members = new TreeSet<>();
                    packages.put(packageOf(name), members);
                }
                members.add(name);
            }
        }
        Map<String, ClassScan> scans = new TreeMap<>();
        Map<String, byte[]> bytes = new HashMap<>();
        Set<String> seenPackages = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(ROOTS);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            String pkg = packageOf(name);
            Set<String> members = packages.get(pkg);
            if (members == null || !members.contains(name) || !seenPackages.add(pkg)) {
                continue; // not in the jar (a JDK class), or its package is taken already
            }
            for (String member : members) {
                byte[] b = readEntry(jar, member + ".class");
                ClassScan scan = ClassScan.scan(b, 0);
                bytes.put(member, b);
                scans.put(member, scan);
                todo.addAll(scan.referencedClasses());
            }
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (String name : scans.keySet()) {
            addSupertypesFirst(name, scans, bytes, ordered);
        }
        return ordered;
    }

    private static void addSupertypesFirst(String name, Map<String, ClassScan> scans, Map<String, byte[]> bytes,
                                           Map<String, byte[]> ordered) {
        ClassScan scan = scans.get(name);
        if (scan == null || ordered.containsKey(name.replace('/', '.'))) {
            return; // a JDK type, or done
        }
        if (scan.superName != null) {
            addSupertypesFirst(scan.superName, scans, bytes, ordered);
        }
        for (String i : scan.interfaces) {
            addSupertypesFirst(i, scans, bytes, ordered);
        }
        ordered.put(name.replace('/', '.'), bytes.get(name));
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    private static byte[] readEntry(JarFile jar, String entry) {
        try (InputStream in = jar.getInputStream(jar.getJarEntry(entry))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry + " from " + jar.getName(), e);
        }
    }
}
