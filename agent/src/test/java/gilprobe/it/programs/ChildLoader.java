package gilprobe.it.programs;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads {@code SyncBlocks} (and {@code Spin}) in a child URLClassLoader whose parent is the platform
 * loader, so the child defines them itself, and runs its main: instrumented code in a loader that
 * cannot see the application class path.
 */
public final class ChildLoader {
    public static void main(String[] args) throws Exception {
        URL classes = ChildLoader.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader child = new URLClassLoader("child", new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> c = child.loadClass("gilprobe.it.programs.SyncBlocks");
            if (c.getClassLoader() != child) {
                throw new AssertionError("not defined by the child loader");
            }
            System.out.println("loader=" + c.getClassLoader().getName());
            c.getMethod("main", String[].class).invoke(null, (Object) args);
        }
    }
}
