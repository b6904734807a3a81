package gilprobe.samples.minipy;

import java.util.List;

/** An immutable sequence (Python tuple). */
final class PyTuple {
    static final PyTuple EMPTY = new PyTuple(new Object[0]);

    private final Object[] items;

    PyTuple(Object[] items) {
        this.items = items;
    }

    int size() {
        return items.length;
    }

    Object get(int i) {
        return items[i];
    }

    /** A copy of the items. */
    Object[] toArray() {
        return items.clone();
    }

    List<Object> asList() {
        return List.of(items);
    }
}
