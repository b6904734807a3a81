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
     * the class files visible to {@code loader} tell; an unreadable class file ends that branch. Each
     * supertype's file is read at most once.
     */
    static boolean isSubtype(ClassScan start, String supertype, ClassLoader loader) {
        ArrayDeque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(start.className);
        ClassScan next = start;
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (name.equals(supertype)) {
                return true;
            }
            if (!seen.add(name) || seen.size() > 1000) {
                continue; // seen already; past 1000 supertypes the hierarchy is absurd: nothing is claimed
            }
            ClassScan c = next != null ? next : read(name, loader);
            next = null;
            if (c == null) {
                continue;
            }
            if (c.superName != null) {
                todo.add(c.superName);
            }
            for (String i : c.interfaces) {
                todo.add(i);
            }
        }
        return false;
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
