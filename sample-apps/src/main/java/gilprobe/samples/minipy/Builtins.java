package gilprobe.samples.minipy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Built-in functions and the built-in modules {@code threading}, {@code time}, {@code sys} and
 * {@code io_echo}. Each table is built once and never changes, so threads share it freely.
 */
final class Builtins {
    private Builtins() {}

    static Map<String, Object> create(Interpreter interp) {
        Map<String, Object> b = new HashMap<>();
        add(b, Builtin.function("print", (ts, args, kw) -> {
            Builtin.checkArgs("print", args, kw, 0, Integer.MAX_VALUE);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.length; i++) {
                if (i > 0) sb.append(' ');
                sb.append(Ops.str(args[i]));
            }
            interp.print(sb.append('\n').toString());
            return Py.NONE;
        }));
        add(b, Builtin.fixed("int", 1, (ts, args, kw) -> Ops.toInt(args[0])));
        add(b, Builtin.fixed("float", 1, (ts, args, kw) -> Ops.toFloat(args[0])));
        add(b, Builtin.fixed("str", 1, (ts, args, kw) -> Ops.str(args[0])));
        add(b, Builtin.fixed("len", 1, (ts, args, kw) -> (long) Ops.length(args[0])));
        add(b, Builtin.fixed("abs", 1, (ts, args, kw) -> {
            Object x = number(args[0], "abs");
            return Ops.lessThan(x, 0L) ? Ops.negate(x) : x;
        }));
        add(b, Builtin.function("round", (ts, args, kw) -> {
            Builtin.checkArgs("round", args, kw, 1, 2);
            return Ops.round(args[0], args.length == 2 ? args[1] : Py.NONE);
        }));
        add(b, Builtin.fixed("sorted", 1, (ts, args, kw) -> {
            List<Object> items = new ArrayList<>(iterate(args[0]));
            items.sort((x, y) -> Ops.lessThan(x, y) ? -1 : (Ops.lessThan(y, x) ? 1 : 0));
            return new PyList(items);
        }));
        return Map.copyOf(b);
    }

    private static List<Object> iterate(Object o) {
        if (o instanceof PyList l) return l.snapshot();
        if (o instanceof PyTuple t) return t.asList();
        throw PyError.type("'" + Py.typeName(o) + "' object is not iterable");
    }

    /** The built-in module {@code name}, or null when minipy has none of that name. */
    static PyModule module(String name, Interpreter interp) {
        Map<String, Object> m = new HashMap<>();
        if (name.equals("threading")) {
            add(m, Builtin.function("Thread", (ts, args, kw) -> newThread(interp, args, kw)));
            add(m, Builtin.fixed("current_thread", 0, (ts, args, kw) -> ts.pyObject));
        } else if (name.equals("time")) {
            add(m, Builtin.fixed("time", 0, (ts, args, kw) -> interp.clock().time()));
            add(m, Builtin.fixed("sleep", 1, (ts, args, kw) -> {
                interp.sleep(ts, Ops.toFloat(number(args[0], "sleep")));
                return Py.NONE;
            }));
        } else if (name.equals("sys")) {
            m.put("argv", new PyList(new ArrayList<>(interp.argv())));
            add(m, Builtin.function("exit", (ts, args, kw) -> {
                Builtin.checkArgs("exit", args, kw, 0, 1);
                Object status = args.length == 0 ? Py.NONE : args[0];
                if (status == Py.NONE) throw PyError.systemExit(0, "");
                if (Ops.isInt(status)) throw PyError.systemExit((int) Ops.asLong(status), "");
                throw PyError.systemExit(1, Ops.str(status));
            }));
        } else if (name.equals("io_echo")) {
            add(m, Builtin.function("roundtrip", (ts, args, kw) -> {
                Builtin.checkArgs("roundtrip", args, kw, 0, 1);
                interp.echoRoundtrip(ts, args.length == 0 ? 0 : Ops.toFloat(number(args[0], "roundtrip")));
                return Py.NONE;
            }));
        } else {
            return null;
        }
        return new PyModule(name, m);
    }

    private static Object number(Object o, String function) {
        if (!Ops.isNumber(o)) throw PyError.type(function + "() argument must be a number, not '" + Py.typeName(o) + "'");
        return o;
    }

    /** {@code threading.Thread(target=None, name=None, args=())}, keywords only. */
    private static Object newThread(Interpreter interp, Object[] args, String[] kw) {
        if (args.length > kw.length) throw PyError.type("Thread() takes keyword arguments only (target=, args=, name=)");
        Object target = Py.NONE;
        Object[] targetArgs = new Object[0];
        String name = null;
        for (int i = 0; i < kw.length; i++) {
            Object v = args[i];
            if (kw[i].equals("target")) {
                target = v;
            } else if (kw[i].equals("args")) {
                targetArgs = iterate(v).toArray();
            } else if (kw[i].equals("name")) {
                name = Ops.str(v);
            } else {
                throw PyError.type("Thread() got an unexpected keyword argument '" + kw[i] + "'");
            }
        }
        return interp.newThreadObject(target, targetArgs, name);
    }

    private static void add(Map<String, Object> table, Builtin f) {
        table.put(f.name(), f);
    }
}
