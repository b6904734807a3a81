package gilprobe.samples.minipy;

/** A value whose attributes LOAD_ATTR can read. */
interface HasAttributes {
    /** The attribute, or null when there is none (LOAD_ATTR then raises AttributeError). */
    Object getAttribute(String name);
}
