package gilprobe.samples.minipy;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python list. Every operation is {@code synchronized}: with {@code --gil none} several
 * threads may use one list at the same time, and a list must never be corrupted (the
 * free-threaded CPython build gives lists a per-object lock for the same reason).
 */
final class PyList implements HasAttributes {
    private final ArrayList<Object> items;

    PyList(List<Object> items) {
        this.items = new ArrayList<>(items);
    }

    synchronized int size() {
        return items.size();
    }

    synchronized Object get(int index) {
        return items.get(index);
    }

    synchronized void set(int index, Object value) {
        items.set(index, value);
    }

    synchronized void append(Object value) {
        items.add(value);
    }

    /** A snapshot of the items. */
    synchronized List<Object> snapshot() {
        return new ArrayList<>(items);
    }

    @Override
    public Object getAttribute(String name) {
        if (name.equals("append")) {
            return Builtin.method("append", (ts, args, kw) -> {
                Builtin.checkArgs("append", args, kw, 1, 1);
                append(args[0]);
                return Py.NONE;
            });
        }
        return null;
    }
}
