package gilprobe.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Supertype questions answered from class files read through a class loader's resources, loading no
 * class and building no type model: the transformer may not load classes (a class being defined cannot
 * be loaded from its own transform), and a full type pool would cost start-up time the target pays.
 * Used only for the rare classes that need it (a class declaring a designated method name, the type of a
 * designated field).
 */
final class Hierarchy {
    private Hierarchy() {
    }

    /**
     * Whether {@code start} (already scanned) is {@code supertype} or extends or implements it, as far as
     * the class files visible to {@code loader} tell; an unreadable class file ends that branch.
     */
    static boolean isSubtype(ClassScan start, String supertype, ClassLoader loader) {
        ArrayDeque<ClassScan> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            ClassScan c = todo.poll();
            if (c.className.equals(supertype)) {
                return true;
            }
            if (!seen.add(c.className)) {
                continue;
            }
            if (c.superName != null) {
                enqueue(todo, c.superName, supertype, loader);
            }
            for (String i : c.interfaces) {
                enqueue(todo, i, supertype, loader);
            }
            if (todo.size() > 1000) {
                return false; // a malformed cycle or an absurd hierarchy: give up, nothing is claimed
            }
        }
        return false;
    }

    private static void enqueue(ArrayDeque<ClassScan> todo, String name, String supertype, ClassLoader loader) {
        if (name.equals(supertype)) {
            todo.addFirst(ClassScan.named(name));
            return;
        }
        ClassScan scan = read(name, loader);
        if (scan != null) {
            todo.add(scan);
        }
    }

    /** The scan of class {@code internalName} as {@code loader} (null: the system loader) sees it, or null. */
    static ClassScan read(String internalName, ClassLoader loader) {
        String resource = internalName + ".class";
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : ClassScan.scan(in.readAllBytes(), 0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
