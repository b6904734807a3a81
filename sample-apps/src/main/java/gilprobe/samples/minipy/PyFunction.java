package gilprobe.samples.minipy;

/** A function defined with {@code def}: code plus the interpreter whose globals it uses. */
final class PyFunction implements PyCallable {
    final CodeObject code;
    private final Interpreter interpreter;

    PyFunction(CodeObject code, Interpreter interpreter) {
        this.code = code;
        this.interpreter = interpreter;
    }

    @Override
    public Object call(PyThread ts, Object[] args, String[] kwNames) {
        return interpreter.callFunction(ts, this, args, kwNames);
    }

    String name() {
        return code.name();
    }

    @Override
    public String toString() {
        return "<function " + code.name() + ">";
    }
}
