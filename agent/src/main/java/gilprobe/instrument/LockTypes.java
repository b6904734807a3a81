package gilprobe.instrument;

import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which call owners are {@code java.util.concurrent.locks.Lock}s: the interface, the JDK's classes, and any
 * class that extends or implements one, as the class files a loader sees tell ({@link Hierarchy}; no class
 * is loaded). A program that keeps its lock as {@code class MyLock extends ReentrantLock} or as its own
 * {@code Lock} implementation calls it as {@code invokevirtual MyLock.lock()}; those calls are rewritten
 * too, so a designated lock is seen whatever the static type at the call site.
 *
 * <p>Answers are cached per loader (weakly: a loader that goes away takes its answers with it), so each
 * owner's class file is read at most once per loader. Only classes that call a method named like a
 * {@code Lock} method ask, and only when a {@code lock=} designation is given.
 */
final class LockTypes {
    static final String LOCK = "java/util/concurrent/locks/Lock";
    /** JDK classes known to implement Lock, whose calls javac emits as invokevirtual; no file read needed. */
    private static final Set<String> KNOWN = Set.of(LOCK,
            "java/util/concurrent/locks/ReentrantLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock");
    private static final Object BOOTSTRAP = new Object();

    private final Map<Object, Map<String, Boolean>> byLoader = new WeakHashMap<>();

    /** The answers for classes that {@code loader} (null: the bootstrap loader) defines. */
    Of of(ClassLoader loader) {
        Map<String, Boolean> cache;
        synchronized (byLoader) {
            Object key = loader != null ? loader : BOOTSTRAP;
            cache = byLoader.get(key);
            if (cache == null) {
                cache = new ConcurrentHashMap<>();
                byLoader.put(key, cache);
            }
        }
        return new Of(loader, cache);
    }

    /** The lock-type question for one loader. */
    static final class Of {
        private final ClassLoader loader;
        private final Map<String, Boolean> cache;

        private Of(ClassLoader loader, Map<String, Boolean> cache) {
            this.loader = loader;
            this.cache = cache;
        }

        /** Whether {@code owner} (internal name) is {@code Lock} or a subtype of it. */
        boolean isLock(String owner) {
            if (KNOWN.contains(owner)) {
                return true;
            }
            if (owner.startsWith("[")) {
                return false;
            }
            Boolean known = cache.get(owner);
            if (known == null) {
                ClassScan scan = Hierarchy.read(owner, loader);
                known = scan != null && Hierarchy.isSubtype(scan, LOCK, loader);
                cache.put(owner, known);
            }
            return known;
        }
    }
}
