package gilprobe.samples.minipy;

/**
 * How minipy represents Python values on the JVM: int = {@link Long} (64-bit; overflow raises
 * OverflowError, there is no bignum fallback), float = {@link Double}, bool = {@link Boolean},
 * str = {@link String}, None = {@link #NONE}, list = {@link PyList}, tuple = {@link PyTuple},
 * functions and built-ins = {@link PyCallable}, modules = {@link PyModule}.
 */
final class Py {
    private Py() {}

    /** Python's None. */
    static final NoneType NONE = NoneType.NONE;

    enum NoneType {
        NONE;

        @Override
        public String toString() {
            return "None";
        }
    }

    static String typeName(Object o) {
        if (o instanceof Long) return "int";
        if (o instanceof Double) return "float";
        if (o instanceof Boolean) return "bool";
        if (o instanceof String) return "str";
        if (o == NONE) return "NoneType";
        if (o instanceof PyList) return "list";
        if (o instanceof PyTuple) return "tuple";
        if (o instanceof PyFunction) return "function";
        if (o instanceof Builtin) return "builtin_function_or_method";
        if (o instanceof PyModule) return "module";
        if (o instanceof PyThreadObject) return "Thread";
        return o.getClass().getSimpleName();
    }
}
