package gilprobe.samples.minipy;

import gilprobe.samples.minipy.gil.Gil;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static gilprobe.samples.minipy.Opcodes.*;

/**
 * Runs compiled minipy code: the dispatch loop ({@link #evalFrame}), Python threads, and the
 * points where a thread takes or gives up the GIL.
 *
 * <h2>GIL protocol</h2>
 * A Python thread acquires the GIL before its first instruction ({@link #threadMain}) and
 * after each blocking call; it releases it before each blocking call ({@link #blocking}) and
 * when it ends. In the dispatch loop the holder polls {@link Gil#dropRequested()} every
 * {@link Gil#checkInterval()} instructions and, when asked, releases and re-acquires. Each
 * hold starts with a fresh budget of {@code checkInterval} instructions. With
 * {@code --gil none} the Gil is null and none of this happens.
 *
 * <h2>Shared state without a GIL</h2>
 * Nothing here relies on the GIL for memory safety, so threads may truly run in parallel:
 * globals are a {@link ConcurrentHashMap}, modules are immutable once created, the thread list
 * is copy-on-write, lists lock themselves, output lines are written whole under one lock, and
 * per-thread state lives in {@link PyThread} fields that only their own thread writes.
 * (Python-level races, such as two threads doing {@code x += 1} on one global, stay races, as
 * in free-threaded CPython.)
 */
public final class Interpreter {
    /** Deepest Python call nesting, as CPython's default recursion limit. */
    static final int MAX_DEPTH = 1000;
    private static final String[] NO_KEYWORDS = new String[0];

    private final Gil gil;
    private final int gilCheckInterval;
    private final boolean countInstructions;
    private final PrintStream out;
    private final PrintStream err;
    private final Object outputLock = new Object();
    private final Map<String, Object> globals = new ConcurrentHashMap<>();
    private final Map<String, Object> builtins;
    private final Map<String, PyModule> modules = new ConcurrentHashMap<>();
    private final List<String> argv;
    private final List<PyThread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger threadCounter = new AtomicInteger();
    private final Clock clock = new Clock();
    private EchoServer echoServer;
    private volatile int exitStatus;

    /**
     * @param gil               the GIL, or null for none
     * @param countInstructions count every dispatch per thread ({@code --count-instructions})
     * @param argv              {@code sys.argv}: program name, then its arguments
     */
    Interpreter(Gil gil, boolean countInstructions, List<String> argv, PrintStream out, PrintStream err) {
        this.gil = gil;
        this.gilCheckInterval = gil == null ? Integer.MAX_VALUE : gil.checkInterval();
        this.countInstructions = countInstructions;
        this.argv = List.copyOf(argv);
        this.out = out;
        this.err = err;
        this.builtins = Builtins.create(this);
        globals.put("__name__", "__main__");
    }

    /**
     * Runs {@code module} in a new thread named {@code MainThread}, then waits for every Python
     * thread to end (Python does not exit while non-daemon threads run).
     *
     * @return the exit status: 0, 1 after an uncaught error in the main thread, or sys.exit's
     */
    int run(CodeObject module) {
        PyThreadObject main = new PyThreadObject(this, "MainThread", module, new Object[0]);
        PyThread mainThread = new PyThread(this, main);
        main.bind(mainThread);
        threads.add(mainThread);
        mainThread.start();
        for (int i = 0; i < threads.size(); i++) {
            joinUninterruptibly(threads.get(i));
        }
        synchronized (this) {
            if (echoServer != null) echoServer.close();
        }
        return exitStatus;
    }

    /** The {@code --count-instructions} report: one line per thread, then the total. */
    String instructionReport() {
        StringBuilder sb = new StringBuilder();
        long total = 0;
        for (PyThread t : threads) {
            sb.append("minipy: thread ").append(t.getName()).append(" executed ").append(t.instructions).append(" instructions\n");
            total += t.instructions;
        }
        return sb.append("minipy: total executed ").append(total).append(" instructions\n").toString();
    }

    // ---- threads ------------------------------------------------------------------------

    /** Body of every Python thread, MainThread included. */
    void threadMain(PyThread ts) {
        Gil g = gil;
        if (g != null) g.acquire();
        ts.ticker = gilCheckInterval;
        try {
            Object target = ts.pyObject.target();
            if (target instanceof CodeObject module) {
                evalFrame(ts, module, new Object[0]);
            } else if (target != Py.NONE) {
                call(ts, target, ts.pyObject.args(), NO_KEYWORDS);
            }
        } catch (PyError e) {
            uncaught(ts, e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            printErr((isMain(ts) ? "" : "Exception in thread " + ts.getName() + ":\n")
                    + "minipy: fatal: " + e + "\n");
            if (isMain(ts)) exitStatus = 1;
        } finally {
            if (g != null) g.release();
        }
    }

    private static boolean isMain(PyThread ts) {
        return ts.pyObject.target() instanceof CodeObject;
    }

    private void uncaught(PyThread ts, PyError e) {
        if (e.isSystemExit()) {
            if (!e.detail().isEmpty()) printErr(e.detail() + "\n");
            if (isMain(ts)) exitStatus = e.exitStatus();
            return;
        }
        if (isMain(ts)) {
            printErr(e.format());
            exitStatus = 1;
        } else {
            printErr("Exception in thread " + ts.getName() + ":\n" + e.format());
        }
    }

    PyThreadObject newThreadObject(Object target, Object[] args, String name) {
        String n = name != null ? name : "Thread-" + threadCounter.incrementAndGet();
        return new PyThreadObject(this, n, target, args);
    }

    void startThread(PyThreadObject t) {
        PyThread thread = new PyThread(this, t);
        if (!t.bind(thread)) throw PyError.of("RuntimeError", "threads can only be started once");
        threads.add(thread);
        thread.start();
    }

    void joinThread(PyThread ts, PyThreadObject t, Object timeout) {
        PyThread thread = t.thread();
        if (thread == null) throw PyError.of("RuntimeError", "cannot join thread before it is started");
        if (thread == ts) throw PyError.of("RuntimeError", "cannot join current thread");
        long millis = timeout == Py.NONE ? 0 : Math.max(1, (long) Math.ceil(Ops.toFloat(timeout) * 1000));
        blocking(ts, () -> {
            if (millis == 0) joinUninterruptibly(thread);
            else thread.join(millis);
            return null;
        });
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    // ---- blocking calls -------------------------------------------------------------------

    /** A blocking operation run without the GIL; it must not touch interpreter state. */
    interface BlockingOp<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code op} with the GIL released, as CPython's Py_BEGIN_ALLOW_THREADS /
     * Py_END_ALLOW_THREADS do around a system call.
     */
    <T> T blocking(PyThread ts, BlockingOp<T> op) {
        Gil g = gil;
        if (g != null) g.release();
        try {
            return op.run();
        } catch (IOException e) {
            throw PyError.of("OSError", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PyError.of("KeyboardInterrupt", "");
        } finally {
            if (g != null) {
                g.acquire();
                ts.ticker = gilCheckInterval;
            }
        }
    }

    void sleep(PyThread ts, double seconds) {
        if (Double.isNaN(seconds)) throw PyError.value("Invalid value NaN (not a number)");
        if (seconds < 0) throw PyError.value("sleep length must be non-negative");
        long nanos = (long) Math.min(seconds * 1e9, (double) Long.MAX_VALUE);
        blocking(ts, () -> {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return null;
        });
    }

    /** {@code io_echo.roundtrip(delay_ms)}: one request/answer with the echo server, GIL released. */
    void echoRoundtrip(PyThread ts, double delayMillis) {
        if (!(delayMillis >= 0 && delayMillis <= 60_000)) throw PyError.value("delay must be between 0 and 60000 ms");
        int delayMicros = (int) Math.round(delayMillis * 1000);
        EchoServer server = echoServer();
        blocking(ts, () -> {
            ts.echoRoundtrip(server, delayMicros);
            return null;
        });
    }

    private synchronized EchoServer echoServer() {
        if (echoServer == null) {
            try {
                echoServer = new EchoServer();
            } catch (IOException e) {
                throw PyError.of("OSError", "io_echo: cannot start the echo server: " + e.getMessage());
            }
        }
        return echoServer;
    }

    // ---- services for built-ins -------------------------------------------------------------

    /** Writes whole lines, so that lines of different threads never mix. */
    void print(String line) {
        synchronized (outputLock) {
            out.print(line);
            out.flush();
        }
    }

    private void printErr(String text) {
        synchronized (outputLock) {
            out.flush();
            err.print(text);
            err.flush();
        }
    }

    List<String> argv() {
        return argv;
    }

    Clock clock() {
        return clock;
    }

    PyModule importModule(String name) {
        PyModule m = modules.computeIfAbsent(name, n -> Builtins.module(n, this));
        if (m == null) throw PyError.of("ModuleNotFoundError", "No module named '" + name + "'");
        return m;
    }

    // ---- calls ----------------------------------------------------------------------------

    Object call(PyThread ts, Object callee, Object[] args, String[] kwNames) {
        if (callee instanceof PyCallable c) return c.call(ts, args, kwNames);
        throw PyError.type("'" + Py.typeName(callee) + "' object is not callable");
    }

    /** Binds arguments to a new frame's locals and runs the function. */
    Object callFunction(PyThread ts, PyFunction fn, Object[] args, String[] kwNames) {
        CodeObject code = fn.code;
        Object[] locals = new Object[code.localNames().length];
        int positional = args.length - kwNames.length;
        int params = code.argCount();
        if (positional > params) {
            throw PyError.type(code.name() + "() takes " + params + " positional argument" + (params == 1 ? "" : "s")
                    + " but " + positional + (positional == 1 ? " was" : " were") + " given");
        }
        System.arraycopy(args, 0, locals, 0, positional);
        for (int k = 0; k < kwNames.length; k++) {
            int slot = -1;
            for (int i = 0; i < params; i++) {
                if (code.localNames()[i].equals(kwNames[k])) slot = i;
            }
            if (slot < 0) throw PyError.type(code.name() + "() got an unexpected keyword argument '" + kwNames[k] + "'");
            if (locals[slot] != null) throw PyError.type(code.name() + "() got multiple values for argument '" + kwNames[k] + "'");
            locals[slot] = args[positional + k];
        }
        for (int i = 0; i < params; i++) {
            if (locals[i] == null) {
                throw PyError.type(code.name() + "() missing required argument: '" + code.localNames()[i] + "'");
            }
        }
        if (ts.depth >= MAX_DEPTH) throw PyError.of("RecursionError", "maximum recursion depth exceeded");
        ts.depth++;
        try {
            return evalFrame(ts, code, locals);
        } finally {
            ts.depth--;
        }
    }

    // ---- the dispatch loop -------------------------------------------------------------------

    /**
     * Executes one frame: THE dispatch loop of minipy, and the only method with a large
     * {@code switch} inside a loop (a profiler finds it by that shape). One iteration = one
     * instruction = one execution of the {@code switch}; with {@code --count-instructions} the
     * increment next to the switch counts exactly those executions, per thread.
     */
    Object evalFrame(PyThread ts, CodeObject co, Object[] locals) {
        final int[] code = co.code();
        final Object[] consts = co.consts();
        final String[] names = co.names();
        final Object[] stack = new Object[co.stackSize()];
        final boolean counting = countInstructions;
        final Gil g = gil;
        final int checkInterval = gilCheckInterval;
        int sp = 0;
        int pc = 0;
        try {
            for (;;) {
                if (g != null && --ts.ticker < 0) {
                    ts.ticker = checkInterval - 1;
                    if (g.dropRequested()) {
                        g.release();
                        g.acquire();
                    }
                }
                final int op = code[pc++];
                if (counting) ts.instructions++;
                switch (op) {
                    case LOAD_CONST:
                        stack[sp++] = consts[code[pc++]];
                        break;
                    case LOAD_FAST: {
                        Object v = locals[code[pc]];
                        if (v == null) {
                            throw PyError.of("UnboundLocalError", "local variable '" + co.localNames()[code[pc]]
                                    + "' referenced before assignment");
                        }
                        pc++;
                        stack[sp++] = v;
                        break;
                    }
                    case STORE_FAST:
                        locals[code[pc++]] = stack[--sp];
                        break;
                    case LOAD_GLOBAL: {
                        String name = names[code[pc++]];
                        Object v = globals.get(name);
                        if (v == null) {
                            v = builtins.get(name);
                            if (v == null) throw PyError.of("NameError", "name '" + name + "' is not defined");
                        }
                        stack[sp++] = v;
                        break;
                    }
                    case STORE_GLOBAL:
                        globals.put(names[code[pc++]], stack[--sp]);
                        break;
                    case LOAD_ATTR:
                        stack[sp - 1] = Ops.getAttribute(stack[sp - 1], names[code[pc++]]);
                        break;
                    case STORE_SUBSCR:
                        sp -= 3;
                        Ops.setItem(stack[sp + 1], stack[sp + 2], stack[sp]);
                        break;
                    case BINARY_SUBSCR:
                        sp--;
                        stack[sp - 1] = Ops.getItem(stack[sp - 1], stack[sp]);
                        break;
                    case BINARY_ADD:
                        sp--;
                        stack[sp - 1] = Ops.add(stack[sp - 1], stack[sp]);
                        break;
                    case BINARY_SUBTRACT:
                        sp--;
                        stack[sp - 1] = Ops.subtract(stack[sp - 1], stack[sp]);
                        break;
                    case BINARY_MULTIPLY:
                        sp--;
                        stack[sp - 1] = Ops.multiply(stack[sp - 1], stack[sp]);
                        break;
                    case BINARY_TRUE_DIVIDE:
                        sp--;
                        stack[sp - 1] = Ops.trueDivide(stack[sp - 1], stack[sp]);
                        break;
                    case BINARY_FLOOR_DIVIDE:
                        sp--;
                        stack[sp - 1] = Ops.floorDivide(stack[sp - 1], stack[sp]);
                        break;
                    case BINARY_MODULO:
                        sp--;
                        stack[sp - 1] = Ops.modulo(stack[sp - 1], stack[sp]);
                        break;
                    case UNARY_NEGATIVE:
                        stack[sp - 1] = Ops.negate(stack[sp - 1]);
                        break;
                    case UNARY_NOT:
                        stack[sp - 1] = !Ops.isTrue(stack[sp - 1]);
                        break;
                    case COMPARE_LT:
                        sp--;
                        stack[sp - 1] = Ops.lessThan(stack[sp - 1], stack[sp]);
                        break;
                    case COMPARE_LE:
                        sp--;
                        stack[sp - 1] = Ops.lessEqual(stack[sp - 1], stack[sp]);
                        break;
                    case COMPARE_GT:
                        sp--;
                        stack[sp - 1] = Ops.greaterThan(stack[sp - 1], stack[sp]);
                        break;
                    case COMPARE_GE:
                        sp--;
                        stack[sp - 1] = Ops.greaterEqual(stack[sp - 1], stack[sp]);
                        break;
                    case COMPARE_EQ:
                        sp--;
                        stack[sp - 1] = Ops.equal(stack[sp - 1], stack[sp]);
                        break;
                    case COMPARE_NE:
                        sp--;
                        stack[sp - 1] = !Ops.equal(stack[sp - 1], stack[sp]);
                        break;
                    case POP_JUMP_IF_FALSE: {
                        Object v = stack[--sp];
                        if (v == Boolean.TRUE || (v != Boolean.FALSE && Ops.isTrue(v))) pc++;
                        else pc = code[pc];
                        break;
                    }
                    case JUMP_IF_FALSE_OR_POP:
                        if (Ops.isTrue(stack[sp - 1])) {
                            sp--;
                            pc++;
                        } else {
                            pc = code[pc];
                        }
                        break;
                    case JUMP_IF_TRUE_OR_POP:
                        if (Ops.isTrue(stack[sp - 1])) {
                            pc = code[pc];
                        } else {
                            sp--;
                            pc++;
                        }
                        break;
                    case JUMP_ABSOLUTE:
                        pc = code[pc];
                        break;
                    case POP_TOP:
                        stack[--sp] = null;
                        break;
                    case BUILD_TUPLE: {
                        int n = code[pc++];
                        Object[] items = new Object[n];
                        sp -= n;
                        System.arraycopy(stack, sp, items, 0, n);
                        stack[sp++] = n == 0 ? PyTuple.EMPTY : new PyTuple(items);
                        break;
                    }
                    case BUILD_LIST: {
                        int n = code[pc++];
                        sp -= n;
                        stack[sp] = new PyList(java.util.Arrays.asList(stack).subList(sp, sp + n));
                        sp++;
                        break;
                    }
                    case CALL_FUNCTION: {
                        int n = code[pc++];
                        Object[] args = new Object[n];
                        sp -= n;
                        System.arraycopy(stack, sp, args, 0, n);
                        Object callee = stack[sp - 1];
                        stack[sp - 1] = call(ts, callee, args, NO_KEYWORDS);
                        break;
                    }
                    case CALL_FUNCTION_KW: {
                        int n = code[pc++];
                        String[] kwNames = (String[]) consts[code[pc++]];
                        Object[] args = new Object[n];
                        sp -= n;
                        System.arraycopy(stack, sp, args, 0, n);
                        Object callee = stack[sp - 1];
                        stack[sp - 1] = call(ts, callee, args, kwNames);
                        break;
                    }
                    case RETURN_VALUE:
                        return stack[--sp];
                    case MAKE_FUNCTION:
                        stack[sp++] = new PyFunction((CodeObject) consts[code[pc++]], this);
                        break;
                    case IMPORT_NAME:
                        stack[sp++] = importModule(names[code[pc++]]);
                        break;
                    default:
                        throw PyError.of("SystemError", "unknown opcode " + op);
                }
            }
        } catch (PyError e) {
            e.addFrame(co, pc - 1);
            throw e;
        } catch (StackOverflowError e) {
            PyError error = PyError.of("RecursionError", "maximum recursion depth exceeded (Java stack)");
            error.addFrame(co, pc - 1);
            throw error;
        } catch (RuntimeException e) {
            PyError error = PyError.of("SystemError", "minipy internal error: " + e);
            error.addFrame(co, pc - 1);
            throw error;
        }
    }
}
