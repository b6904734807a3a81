package gilprobe.samples.minipy;

/**
 * A function implemented in Java: a built-in like {@code print}, a module function like
 * {@code time.sleep}, or a method bound to its object like {@code list.append}.
 */
final class Builtin implements PyCallable {
    /** The Java body; {@code args}/{@code kwNames} as in {@link PyCallable#call}. */
    interface Body {
        Object apply(PyThread ts, Object[] args, String[] kwNames);
    }

    private final String name;
    private final boolean method;
    private final Body body;

    private Builtin(String name, boolean method, Body body) {
        this.name = name;
        this.method = method;
        this.body = body;
    }

    static Builtin function(String name, Body body) {
        return new Builtin(name, false, body);
    }

    static Builtin method(String name, Body body) {
        return new Builtin(name, true, body);
    }

    /** A function taking exactly {@code n} positional arguments and no keywords. */
    static Builtin fixed(String name, int n, Body body) {
        return function(name, (ts, args, kw) -> {
            checkArgs(name, args, kw, n, n);
            return body.apply(ts, args, kw);
        });
    }

    String name() {
        return name;
    }

    @Override
    public Object call(PyThread ts, Object[] args, String[] kwNames) {
        return body.apply(ts, args, kwNames);
    }

    /** Rejects keywords and checks the positional count is within [min, max]. */
    static void checkArgs(String name, Object[] args, String[] kwNames, int min, int max) {
        if (kwNames.length > 0) {
            throw PyError.type(name + "() got an unexpected keyword argument '" + kwNames[0] + "'");
        }
        if (args.length < min || args.length > max) {
            String expected = min == max ? "exactly " + min : min + " to " + max;
            throw PyError.type(name + "() takes " + expected + " argument" + (max == 1 ? "" : "s")
                    + " (" + args.length + " given)");
        }
    }

    @Override
    public String toString() {
        return method ? "<built-in method " + name + ">" : "<built-in function " + name + ">";
    }
}
