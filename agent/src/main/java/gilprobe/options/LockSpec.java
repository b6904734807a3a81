package gilprobe.options;

/**
 * The designated lock, as the options name it.
 *
 * <ul>
 *   <li>{@code monitor=a.b.C.f}: the object in field {@code f} of class {@code a.b.C} (static or instance);
 *       since a binary name cannot tell a class from a field, the same option also designates the
 *       {@code Class} object of a class named {@code a.b.C.f}, should one exist ({@code monitor=<class>}).</li>
 *   <li>{@code lock=a.b.C.f}: the {@code java.util.concurrent.locks.Lock} in that field.</li>
 *   <li>{@code acquire=a.b.C#m,release=a.b.C#n}: methods {@code m} and {@code n} of {@code a.b.C} and of
 *       every class that extends or implements it.</li>
 * </ul>
 */
public record LockSpec(Kind kind, String className, String fieldName, String acquireMethod, String releaseMethod,
                       String text) {
    public enum Kind {
        MONITOR("monitor"), LOCK("lock"), METHODS("methods");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** For {@code monitor=}: the whole value read as a class name ({@code monitor=<class>}). */
    public String wholeAsClass() {
        return fieldName == null ? className : className + "." + fieldName;
    }

    /** Internal (slash) form of {@link #className}. */
    public String internalClassName() {
        return className.replace('.', '/');
    }
}
