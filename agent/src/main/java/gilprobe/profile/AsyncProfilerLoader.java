package gilprobe.profile;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;

/**
 * Loads async-profiler's Java API and native library out of gilprobe's jar without putting a class
 * named {@code one.profiler.*} where the target could see it.
 *
 * <p>The native library binds its JNI methods by name to {@code one.profiler.AsyncProfiler}, so the
 * class cannot run under a relocated name. The shaded jar stores the classes relocated (under
 * {@value #STORE}, never loaded from there) and the libraries next to them; this loader maps the class
 * files back to their own names and defines them in a private class loader whose parent is the
 * bootstrap loader. The target's own async-profiler, if it has one, lives in another loader and is
 * never confused with ours (but only one native library can profile a JVM: see {@link #otherProfiler}).
 */
final class AsyncProfilerLoader {
    static final String STORE = "gilprobe/internal/asyncprofiler/";
    private static final String RELOCATED = STORE + "one/profiler/";
    // Built at run time: the shade plugin rewrites string constants that start with a relocated name.
    private static final String PACKAGE = String.join(".", "one", "profiler", "");
    private static final String PACKAGE_PATH = String.join("/", "one", "profiler", "");

    /** Why async-profiler cannot run here: one line for the report. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The loaded profiler: {@code execute(String)} and its version. */
    record Handle(MethodHandle execute, String version) {
    }

    private AsyncProfilerLoader() {
    }

    static Handle load(JarFile jar) throws Unavailable {
        if (jar == null) {
            throw new Unavailable("gilprobe's jar could not be opened, so async-profiler's native library cannot be read");
        }
        String platform = platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        String other = otherProfiler();
        if (other != null) {
            throw new Unavailable("another async-profiler is already loaded in this JVM (" + other
                    + "); two cannot sample one process");
        }
        JarEntry lib = jar.getJarEntry(STORE + platform + "/libasyncProfiler.so");
        if (lib == null) {
            throw new Unavailable("gilprobe's jar has no async-profiler library for " + platform);
        }
        Path file = null;
        try {
            file = Files.createTempFile("gilprobe-asyncProfiler-", ".so");
            try (InputStream in = jar.getInputStream(lib)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Class<?> api = Class.forName(PACKAGE + "AsyncProfiler", true, new Isolated(jar));
            Object profiler = api.getMethod("getInstance", String.class).invoke(null, file.toString());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle execute = lookup.findVirtual(api, "execute", MethodType.methodType(String.class, String.class))
                    .bindTo(profiler);
            String version = (String) api.getMethod("getVersion").invoke(profiler);
            return new Handle(execute, version);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Unavailable("async-profiler's native library did not load: " + oneLine(cause));
        } catch (IOException | ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new Unavailable("async-profiler could not be loaded: " + oneLine(e));
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file); // the mapping stays valid after the unlink
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** async-profiler's directory for this platform, as its own jar names them. */
    static String platform(String osName, String osArch) throws Unavailable {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            if (arch.equals("amd64") || arch.equals("x86_64")) {
                return String.join("-", "linux", "x64");
            }
            if (arch.equals("aarch64") || arch.equals("arm64")) {
                return String.join("-", "linux", "arm64");
            }
        } else if (os.contains("mac")) {
            return String.join("", "mac", "os");
        }
        throw new Unavailable("async-profiler has no native library for " + osName + "/" + osArch);
    }

    /** The path of an async-profiler library already mapped into this process, or null (Linux only). */
    static String otherProfiler() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        try (var lines = Files.lines(maps)) {
            return lines.filter(l -> l.contains("asyncProfiler") || l.contains("libasyncprofiler"))
                    .map(l -> l.substring(l.indexOf('/') < 0 ? 0 : l.indexOf('/')).trim())
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.replaceAll("\\s+", " ").trim();
    }

    /** Defines async-profiler's classes under their own names, from the relocated copies in the jar. */
    private static final class Isolated extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final JarFile jar;
        private final SimpleRemapper remapper;

        Isolated(JarFile jar) {
            super("gilprobe-async-profiler", null);
            this.jar = jar;
            Map<String, String> names = new HashMap<>();
            jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith(RELOCATED) && n.endsWith(".class"))
                    .forEach(n -> {
                        String relocated = n.substring(0, n.length() - ".class".length());
                        names.put(relocated, PACKAGE_PATH + relocated.substring(RELOCATED.length()));
                    });
            this.remapper = new SimpleRemapper(names);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                throw new ClassNotFoundException(name);
            }
            JarEntry e = jar.getJarEntry(RELOCATED + name.substring(PACKAGE.length()).replace('.', '/') + ".class");
            if (e == null) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = jar.getInputStream(e)) {
                ClassReader reader = new ClassReader(in.readAllBytes());
                ClassWriter writer = new ClassWriter(0);
                reader.accept(new ClassRemapper(writer, remapper), 0);
                byte[] b = writer.toByteArray();
                return defineClass(name, b, 0, b.length);
            } catch (IOException | RuntimeException ex) {
                throw new ClassNotFoundException(name, ex);
            }
        }
    }
}
