package gilprobe.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Start-up cost: defines (loads, without initialising) every class of the given jars through a fresh
 * class loader, as an application with thousands of classes does at start. Time it as a whole process
 * with and without the agent. {@code java -cp benchmarks.jar gilprobe.bench.StartupLoad some.jar ...}
 */
public final class StartupLoad {
    private StartupLoad() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String a : args) {
            urls.add(new File(a).toURI().toURL());
            try (JarFile jar = new JarFile(a)) {
                jar.stream().map(e -> e.getName())
                        .filter(n -> n.endsWith(".class") && !n.contains("-") && !n.startsWith("META-INF"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
            }
        }
        int loaded = 0;
        int failed = 0;
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            for (String n : names) {
                try {
                    Class.forName(n, false, loader);
                    loaded++;
                } catch (Throwable e) {
                    failed++; // a class whose optional dependencies are absent
                }
            }
        }
        System.out.println("loaded=" + loaded + " failed=" + failed);
    }
}
