package gilprobe.samples.minipy;

import java.util.Map;

/** A built-in module; its attributes are fixed when it is created (safe to share without a GIL). */
final class PyModule implements HasAttributes {
    private final String name;
    private final Map<String, Object> attributes;

    PyModule(String name, Map<String, Object> attributes) {
        this.name = name;
        this.attributes = Map.copyOf(attributes);
    }

    @Override
    public Object getAttribute(String attribute) {
        return attributes.get(attribute);
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return "<module '" + name + "' (built-in)>";
    }
}
