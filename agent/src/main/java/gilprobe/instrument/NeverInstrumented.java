package gilprobe.instrument;

/**
 * The classes the agent never touches, neither when they are loaded nor when loaded classes are
 * retransformed. One rule set, three rules:
 * <ol>
 *   <li><b>The JDK's own classes</b>: those of the bootstrap and platform class loaders. They hold no monitor,
 *       lock or dispatch loop of the program's that could be designated, and rewriting them would put probes
 *       under the agent's own feet.</li>
 *   <li><b>Classes the JDK generates into the program's loaders</b>: dynamic proxies ({@code jdk.proxy*},
 *       {@code com.sun.proxy}) and reflection accessors ({@code jdk.internal.reflect}). They only forward
 *       calls.</li>
 *   <li><b>gilprobe's own classes</b>, by package: the agent must not observe itself. The list names each
 *       package, not {@code gilprobe.} as a whole, because the test programs ({@code gilprobe.it}) and the
 *       sample apps ({@code gilprobe.samples}) are targets and must be instrumented.</li>
 * </ol>
 * Names are internal names ({@code a/b/C}), matched by prefix.
 */
final class NeverInstrumented {
    /** Rule 2: packages of classes the JDK generates into the program's loaders. */
    private static final String[] JDK_GENERATED = {"jdk/proxy", "com/sun/proxy/", "jdk/internal/reflect/"};
    /** Rule 3: gilprobe's own packages (and the class {@code gilprobe.Agent}); the shaded libraries are under internal/. */
    private static final String[] GILPROBE = {"gilprobe/Agent", "gilprobe/agent/", "gilprobe/probe/",
            "gilprobe/record/", "gilprobe/instrument/", "gilprobe/options/", "gilprobe/output/", "gilprobe/cli/",
            "gilprobe/control/", "gilprobe/report/", "gilprobe/internal/", "gilprobe/profile/", "gilprobe/jfr/",
            "gilprobe/jmx/"};

    private NeverInstrumented() {
    }

    /** Whether the class {@code internalName} of {@code loader} (null: the bootstrap loader) is never touched. */
    static boolean contains(ClassLoader loader, String internalName) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return true; // rule 1
        }
        return startsWithAny(internalName, JDK_GENERATED) || startsWithAny(internalName, GILPROBE);
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
