package gilprobe.samples.minipy;

/** A {@code threading.Thread} object. */
final class PyThreadObject implements HasAttributes {
    private final Interpreter interpreter;
    private final String name;
    private final Object target;
    private final Object[] args;
    /** Set once by start() (under the GIL, or synchronized without one). */
    private PyThread thread;

    PyThreadObject(Interpreter interpreter, String name, Object target, Object[] args) {
        this.interpreter = interpreter;
        this.name = name;
        this.target = target;
        this.args = args;
    }

    String name() {
        return name;
    }

    Object target() {
        return target;
    }

    Object[] args() {
        return args.clone();
    }

    synchronized PyThread thread() {
        return thread;
    }

    /** Binds the Java thread; false when this object already has one. */
    synchronized boolean bind(PyThread t) {
        if (thread != null) return false;
        thread = t;
        return true;
    }

    @Override
    public Object getAttribute(String attribute) {
        if (attribute.equals("name")) return name;
        if (attribute.equals("start")) {
            return Builtin.method("start", (ts, a, kw) -> {
                Builtin.checkArgs("start", a, kw, 0, 0);
                interpreter.startThread(this);
                return Py.NONE;
            });
        }
        if (attribute.equals("join")) {
            return Builtin.method("join", (ts, a, kw) -> {
                Builtin.checkArgs("join", a, kw, 0, 1);
                interpreter.joinThread(ts, this, a.length == 0 ? Py.NONE : a[0]);
                return Py.NONE;
            });
        }
        if (attribute.equals("is_alive")) {
            return Builtin.method("is_alive", (ts, a, kw) -> {
                Builtin.checkArgs("is_alive", a, kw, 0, 0);
                PyThread t = thread();
                return t != null && t.isAlive();
            });
        }
        return null;
    }

    @Override
    public String toString() {
        PyThread t = thread();
        String state = t == null ? "initial" : (t.isAlive() ? "started" : "stopped");
        return "<Thread(" + name + ", " + state + ")>";
    }
}
