package gilprobe.instrument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cheap, allocation-light reading of a class file that decides whether the class needs instrumenting
 * and finds its dispatch loops, without building any ASM or Byte Buddy model. It walks the constant pool,
 * the method table and each method's bytecode (instruction by instruction, so operand bytes are never
 * mistaken for opcodes).
 *
 * <p>A <b>dispatch loop</b> is a {@code tableswitch}/{@code lookupswitch} with at least {@code minCases}
 * distinct case keys (keys whose target is not the default target) such that some branch instruction
 * after the switch jumps back to or before it: the switch sits inside a loop.
 */
final class ClassScan {
    /** A switch found inside a loop of one method. */
    record Switch(int ordinal, int[] caseKeys) {
    }

    /** What the scan found in one method. */
    record MethodInfo(String name, String descriptor, int access, int maxLocals, boolean storesLocal0,
                      List<Switch> dispatchSwitches) {
    }

    final String className;
    /** The class's access flags (ACC_FINAL, ACC_INTERFACE, ...). */
    final int access;
    final String superName;
    final String[] interfaces;
    final int majorVersion;
    final List<MethodInfo> methods = new ArrayList<>();
    boolean hasMonitorEnter;
    boolean hasSynchronizedMethod;
    /** Utf8 constants of the pool, for name checks (field, method and class names). */
    private final String[] utf8;
    private final int[] tags;
    private final int[] refA;
    private final int[] refB;

    private ClassScan(String className, int access, String superName, String[] interfaces, int majorVersion,
                      String[] utf8, int[] tags, int[] refA, int[] refB) {
        this.className = className;
        this.access = access;
        this.superName = superName;
        this.interfaces = interfaces;
        this.majorVersion = majorVersion;
        this.utf8 = utf8;
        this.tags = tags;
        this.refA = refA;
        this.refB = refB;
    }

    /** The keys in order (a loop, not a stream: this runs in the transformer, at the target's start-up). */
    private static int[] toArray(TreeSet<Integer> keys) {
        int[] out = new int[keys.size()];
        int i = 0;
        for (int k : keys) {
            out[i++] = k;
        }
        return out;
    }

    /** Does the constant pool hold a field or method reference to {@code owner.name}? (owner in internal form) */
    boolean referencesMember(String owner, String name) {
        for (int i = 1; i < tags.length; i++) {
            int t = tags[i];
            if (t == 9 || t == 10 || t == 11) {
                String o = utf8At(refA[refA[i]]);
                String n = utf8At(refA[refB[i]]);
                if (name.equals(n) && owner.equals(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Does the pool reference any member named {@code name} of any owner (e.g. "wait", "lock")? */
    boolean referencesMemberNamed(String name) {
        for (int i = 1; i < tags.length; i++) {
            int t = tags[i];
            if ((t == 9 || t == 10 || t == 11) && name.equals(utf8At(refA[refB[i]]))) {
                return true;
            }
        }
        return false;
    }

    /** Does the pool hold a class constant for {@code internalName} (a class literal, a call owner...)? */
    boolean referencesClass(String internalName) {
        for (int i = 1; i < tags.length; i++) {
            if (tags[i] == 7 && internalName.equals(utf8At(refA[i]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Internal names of the classes this class file mentions: its class constants (the element type of an
     * array constant) and every {@code L<name>;} in its Utf8 constants, which holds the descriptors and
     * signatures of its own members and of the members it uses. A superset of what linking it can load.
     */
    Set<String> referencedClasses() {
        Set<String> names = new HashSet<>();
        for (int i = 1; i < tags.length; i++) {
            if (tags[i] == 7) {
                String n = utf8At(refA[i]);
                if (n != null && !n.startsWith("[")) {
                    names.add(n);
                }
            } else if (tags[i] == 1) {
                addObjectTypes(utf8[i], names);
            }
        }
        return names;
    }

    /** Adds the names of {@code L<name>;} (or {@code L<name><...}) in a descriptor or signature; other text adds nothing that exists. */
    private static void addObjectTypes(String text, Set<String> names) {
        int from = text.indexOf('L');
        while (from >= 0) {
            int end = from + 1;
            char c = 0;
            while (end < text.length() && (c = text.charAt(end)) != ';' && c != '<' && c != '(' && c != ')' && c != ' ') {
                end++;
            }
            if (end < text.length() && (c == ';' || c == '<') && end > from + 1) {
                names.add(text.substring(from + 1, end));
            }
            from = text.indexOf('L', end);
        }
    }

    boolean declaresMethod(String name) {
        for (MethodInfo m : methods) {
            if (m.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    MethodInfo method(String name, String descriptor) {
        for (MethodInfo m : methods) {
            if (m.name.equals(name) && m.descriptor.equals(descriptor)) {
                return m;
            }
        }
        return null;
    }

    boolean hasDispatchLoops() {
        for (MethodInfo m : methods) {
            if (!m.dispatchSwitches.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private String utf8At(int index) {
        return index > 0 && index < utf8.length ? utf8[index] : null;
    }

    /**
     * Scans {@code b}. Dispatch switches are looked for only when {@code minCases > 0}.
     *
     * @throws IllegalArgumentException if the bytes are not a class file this scanner understands
     */
    static ClassScan scan(byte[] b, int minCases) {
        try {
            return new Reader(b).read(minCases);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated or malformed class file", e);
        }
    }

    private static final class Reader {
        private final byte[] b;

        Reader(byte[] b) {
            this.b = b;
        }

        int u1(int at) {
            return b[at] & 0xFF;
        }

        int u2(int at) {
            return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        }

        int s4(int at) {
            return (b[at] << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        }

        ClassScan read(int minCases) {
            if (s4(0) != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            int major = u2(6);
            int count = u2(8);
            String[] utf8 = new String[count];
            int[] tags = new int[count];
            int[] refA = new int[count];
            int[] refB = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                int tag = u1(p);
                tags[i] = tag;
                switch (tag) {
                    case 1 -> {
                        int len = u2(p + 1);
                        utf8[i] = decodeUtf8(p + 3, len);
                        p += 3 + len;
                    }
                    case 3, 4 -> p += 5;
                    case 5, 6 -> {
                        p += 9;
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> {
                        refA[i] = u2(p + 1);
                        p += 3;
                    }
                    case 9, 10, 11, 12, 17, 18 -> {
                        refA[i] = u2(p + 1);
                        refB[i] = u2(p + 3);
                        p += 5;
                    }
                    case 15 -> p += 4;
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
            // for member refs, refA points at a Class entry and refB at a NameAndType: resolve to utf8 indexes
            // lazily in referencesMember (refA[refA[i]] is the class name, refA[refB[i]] the member name)
            int access = u2(p);
            String name = utf8[refA[u2(p + 2)]];
            int superIndex = u2(p + 4);
            String superName = superIndex == 0 ? null : utf8[refA[superIndex]];
            int ifaceCount = u2(p + 6);
            String[] interfaces = new String[ifaceCount];
            p += 8;
            for (int i = 0; i < ifaceCount; i++) {
                interfaces[i] = utf8[refA[u2(p)]];
                p += 2;
            }
            ClassScan scan = new ClassScan(name, access, superName, interfaces, major, utf8, tags, refA, refB);
            int fields = u2(p);
            p += 2;
            for (int i = 0; i < fields; i++) {
                p = skipAttributes(p + 6, u2(p + 6));
            }
            int methods = u2(p);
            p += 2;
            for (int i = 0; i < methods; i++) {
                int mAccess = u2(p);
                String mName = utf8[u2(p + 2)];
                String mDesc = utf8[u2(p + 4)];
                int attrs = u2(p + 6);
                p += 8;
                int maxLocals = 0;
                boolean storesLocal0 = false;
                List<Switch> switches = List.of();
                for (int a = 0; a < attrs; a++) {
                    String attrName = utf8[u2(p)];
                    int len = s4(p + 2);
                    if ("Code".equals(attrName)) {
                        maxLocals = u2(p + 8);
                        int codeLength = s4(p + 10);
                        CodeFacts facts = scanCode(p + 14, codeLength, minCases);
                        scan.hasMonitorEnter |= facts.monitorEnter;
                        storesLocal0 = facts.storesLocal0;
                        switches = facts.dispatchSwitches;
                    }
                    p += 6 + len;
                }
                if ((mAccess & 0x0020) != 0 && (mAccess & 0x0100) == 0) {
                    scan.hasSynchronizedMethod = true;
                }
                scan.methods.add(new MethodInfo(mName, mDesc, mAccess, maxLocals, storesLocal0, switches));
            }
            if (access == 0 && name == null) {
                throw new IllegalArgumentException("no class name");
            }
            return scan;
        }

        private int skipAttributes(int p, int count) {
            p += 2;
            for (int a = 0; a < count; a++) {
                p += 6 + s4(p + 2);
            }
            return p;
        }

        private String decodeUtf8(int at, int len) {
            // modified UTF-8; names of interest are ASCII, anything else is decoded leniently
            char[] chars = new char[len];
            int n = 0;
            int end = at + len;
            int i = at;
            while (i < end) {
                int c = b[i] & 0xFF;
                if (c < 0x80) {
                    chars[n++] = (char) c;
                    i++;
                } else if ((c & 0xE0) == 0xC0 && i + 1 < end) {
                    chars[n++] = (char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F));
                    i += 2;
                } else if (i + 2 < end) {
                    chars[n++] = (char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
                    i += 3;
                } else {
                    i++;
                }
            }
            return new String(chars, 0, n);
        }

        /** Appends to a list created on first use (most methods have no dispatch switch). */
        private static List<int[]> add(List<int[]> list, int[] item) {
            List<int[]> l = list == null ? new ArrayList<>() : list;
            l.add(item);
            return l;
        }

        private record CodeFacts(boolean monitorEnter, boolean storesLocal0, List<Switch> dispatchSwitches) {
        }

        private CodeFacts scanCode(int start, int length, int minCases) {
            boolean monitorEnter = false;
            boolean storesLocal0 = false;
            List<int[]> switchAt = null; // {offset, ordinal}
            List<int[]> switchKeys = null;
            List<int[]> backward = null; // {from, to}
            int ordinal = 0;
            int pc = 0;
            while (pc < length) {
                int op = u1(start + pc);
                int len;
                switch (op) {
                    case 0xAA -> { // tableswitch
                        int q = pc + 1 + ((4 - ((pc + 1) & 3)) & 3);
                        int dflt = s4(start + q);
                        int low = s4(start + q + 4);
                        int high = s4(start + q + 8);
                        int n = high - low + 1;
                        if (minCases > 0 && n >= minCases) {
                            TreeSet<Integer> keys = new TreeSet<>();
                            for (int k = 0; k < n; k++) {
                                if (s4(start + q + 12 + 4 * k) != dflt) {
                                    keys.add(low + k);
                                }
                            }
                            if (keys.size() >= minCases) {
                                switchAt = add(switchAt, new int[] {pc, ordinal});
                                switchKeys = add(switchKeys, toArray(keys));
                            }
                        }
                        ordinal++;
                        len = q + 12 + 4 * n - pc;
                    }
                    case 0xAB -> { // lookupswitch
                        int q = pc + 1 + ((4 - ((pc + 1) & 3)) & 3);
                        int dflt = s4(start + q);
                        int n = s4(start + q + 4);
                        if (minCases > 0 && n >= minCases) {
                            TreeSet<Integer> keys = new TreeSet<>();
                            for (int k = 0; k < n; k++) {
                                if (s4(start + q + 12 + 8 * k) != dflt) {
                                    keys.add(s4(start + q + 8 + 8 * k));
                                }
                            }
                            if (keys.size() >= minCases) {
                                switchAt = add(switchAt, new int[] {pc, ordinal});
                                switchKeys = add(switchKeys, toArray(keys));
                            }
                        }
                        ordinal++;
                        len = q + 8 + 8 * n - pc;
                    }
                    case 0xC4 -> { // wide
                        int wop = u1(start + pc + 1);
                        if (wop == 0x3A && u2(start + pc + 2) == 0) { // wide astore 0
                            storesLocal0 = true;
                        }
                        len = wop == 0x84 ? 6 : 4;
                    }
                    default -> {
                        len = LENGTH[op];
                        if (len == 0) {
                            throw new IllegalArgumentException("unknown opcode " + op + " at " + pc);
                        }
                        if (op == 0xC2) {
                            monitorEnter = true;
                        } else if (op == 0x4B || (op == 0x3A && u1(start + pc + 1) == 0)) { // astore_0, astore 0
                            storesLocal0 = true;
                        } else if ((op >= 0x99 && op <= 0xA8) || op == 0xC6 || op == 0xC7 || op == 0xC8 || op == 0xC9) {
                            int offset = (op == 0xC8 || op == 0xC9) ? s4(start + pc + 1) : (short) u2(start + pc + 1);
                            if (offset <= 0 && minCases > 0) {
                                if (backward == null) {
                                    backward = new ArrayList<>();
                                }
                                backward.add(new int[] {pc, pc + offset});
                            }
                        }
                    }
                }
                pc += len;
            }
            List<Switch> dispatch = List.of();
            if (switchAt != null && backward != null) {
                dispatch = new ArrayList<>();
                for (int i = 0; i < switchAt.size(); i++) {
                    int s = switchAt.get(i)[0];
                    for (int[] jump : backward) {
                        if (jump[0] > s && jump[1] <= s) {
                            dispatch.add(new Switch(switchAt.get(i)[1], switchKeys.get(i)));
                            break;
                        }
                    }
                }
            }
            return new CodeFacts(monitorEnter, storesLocal0, dispatch);
        }
    }

    /** Instruction lengths by opcode (0 = variable or invalid, handled separately). */
    private static final int[] LENGTH = new int[256];

    static {
        for (int op = 0; op <= 0xC9; op++) {
            LENGTH[op] = 1;
        }
        set(2, 0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3A, 0xA9, 0xBC);
        set(3, 0x11, 0x13, 0x14, 0x84, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xBB, 0xBD, 0xC0, 0xC1, 0xC6, 0xC7);
        for (int op = 0x99; op <= 0xA8; op++) {
            LENGTH[op] = 3;
        }
        set(4, 0xC5);
        set(5, 0xB9, 0xBA, 0xC8, 0xC9);
        LENGTH[0xAA] = 0;
        LENGTH[0xAB] = 0;
        LENGTH[0xC4] = 0;
        LENGTH[0xBA] = 5;
    }

    private static void set(int len, int... ops) {
        for (int op : ops) {
            LENGTH[op] = len;
        }
    }
}
