package gilprobe.instrument;

/**
 * Keeps the agent from observing itself: while a thread is inside the guarded work (transforming a class),
 * the classes that work causes to be loaded on the same thread (a class loader's own classes, the JDK's,
 * a supertype read through a loader) must pass through untouched, or the transformer would re-enter
 * itself, instrument what it is in the middle of using, or fail with a {@code ClassCircularityError}.
 *
 * <pre>
 *   if (!guard.enter()) { return null; }   // re-entered: leave the class alone
 *   try { ... } finally { guard.exit(); }
 * </pre>
 *
 * One {@code ThreadLocal} read per class seen; no lambda ({@code ThreadLocal.withInitial} would spin one on
 * the agent's start path).
 */
final class ReentryGuard {
    private final ThreadLocal<Boolean> inside = new ThreadLocal<>() {
        @Override
        protected Boolean initialValue() {
            return Boolean.FALSE;
        }
    };

    /** Enters the guarded work; false (and nothing changed) when this thread is in it already. */
    boolean enter() {
        if (inside.get()) {
            return false;
        }
        inside.set(Boolean.TRUE);
        return true;
    }

    /** Leaves the guarded work; call once for each {@link #enter} that returned true, in a {@code finally}. */
    void exit() {
        inside.set(Boolean.FALSE);
    }
}
