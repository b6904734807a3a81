package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

import gilprobe.instrument.ProbeClasses;
import gilprobe.options.AgentOptions;

/** The shaded jar: relocated dependencies, manifest, and its command line. */
class AgentJarIT {
    @Test
    void everyDependencyIsRelocated() throws Exception {
        List<String> foreign = new ArrayList<>();
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.startsWith("gilprobe/"))
                    .forEach(foreign::add);
            assertTrue(jar.getEntry("gilprobe/internal/bytebuddy/ByteBuddy.class") != null);
            assertTrue(jar.getEntry("gilprobe/internal/hdrhistogram/Histogram.class") != null);
        }
        assertEquals(List.of(), foreign, "classes outside gilprobe/ could clash with the target's own copies");
    }

    @Test
    void manifestNamesEveryEntryPoint() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            Manifest m = jar.getManifest();
            var a = m.getMainAttributes();
            assertEquals("gilprobe.Agent", a.getValue("Premain-Class"));
            assertEquals("gilprobe.Agent", a.getValue("Agent-Class"));
            assertEquals("gilprobe.cli.Main", a.getValue("Main-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"));
            assertEquals("gilprobe.jar", a.getValue("Boot-Class-Path"), "the jar's own name: see OutputIdentityIT");
        }
    }

    /**
     * What gets defined in the bootstrap loader at attach: the probes' packages, whole, and what they use,
     * never the agent's toolkit (Byte Buddy, Jackson, the instrumenter, the CLI), which stays in its own loader.
     * Read from the jar itself, as the agent does; supertypes come before their subtypes.
     */
    @Test
    void probeClassesAreWholePackagesWithoutTheToolkit() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            Map<String, byte[]> classes = ProbeClasses.read(jar);
            Set<String> packages = new TreeSet<>();
            classes.keySet().forEach(n -> packages.add(n.substring(0, n.lastIndexOf('.'))));
            // the report model computes each lock's verdict (gilprobe.report.verdict, plain Java, no toolkit)
            assertEquals(Set.of("gilprobe.probe", "gilprobe.record", "gilprobe.jfr", "gilprobe.report.model",
                    "gilprobe.report.verdict", "gilprobe.internal.hdrhistogram", "gilprobe.internal.hdrhistogram.packedarray"),
                    packages);
            for (String p : packages) {
                long inJar = jar.stream().filter(e -> e.getName().endsWith(".class")
                        && e.getName().substring(0, e.getName().lastIndexOf('/')).equals(p.replace('.', '/'))).count();
                assertEquals(inJar, classes.keySet().stream().filter(n -> n.substring(0, n.lastIndexOf('.')).equals(p)).count(),
                        "all of " + p);
            }
            List<String> order = new ArrayList<>(classes.keySet());
            assertTrue(order.indexOf("gilprobe.internal.hdrhistogram.AbstractHistogram")
                    < order.indexOf("gilprobe.internal.hdrhistogram.Histogram"), "supertypes first");
        }
    }

    @Test
    void helpListsEveryOption() throws Exception {
        String out = runJar("--help");
        for (String[] option : AgentOptions.HELP) {
            assertTrue(out.contains(option[0] + " "), "help lists " + option[0] + ":\n" + out);
        }
        assertTrue(out.contains("-javaagent:gilprobe.jar"));
    }

    static String runJar(String... args) throws Exception {
        ChildJvm.Cli r = ChildJvm.jar(args);
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }
}
