package gilprobe.instrument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.bytebuddy.jar.asm.Opcodes;

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
    // Constant-pool tags (JVMS 4.4; ASM keeps its own copies package-private in Symbol)
    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_INTEGER = 3;
    private static final int CONSTANT_FLOAT = 4;
    private static final int CONSTANT_LONG = 5;
    private static final int CONSTANT_DOUBLE = 6;
    private static final int CONSTANT_CLASS = 7;
    private static final int CONSTANT_STRING = 8;
    private static final int CONSTANT_FIELDREF = 9;
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_INTERFACE_METHODREF = 11;
    private static final int CONSTANT_NAME_AND_TYPE = 12;
    private static final int CONSTANT_METHOD_HANDLE = 15;
    private static final int CONSTANT_METHOD_TYPE = 16;
    private static final int CONSTANT_DYNAMIC = 17;
    private static final int CONSTANT_INVOKE_DYNAMIC = 18;
    private static final int CONSTANT_MODULE = 19;
    private static final int CONSTANT_PACKAGE = 20;
    /** The first four bytes of every class file. */
    private static final int MAGIC = 0xCAFEBABE;
    // Opcodes that ASM's Opcodes leaves out: it folds them into the general form (ASTORE, LDC, GOTO, JSR)
    // and widens instructions itself (JVMS 6.5)
    private static final int ASTORE_0 = 0x4B;
    private static final int LDC_W = 0x13;
    private static final int LDC2_W = 0x14;
    private static final int WIDE = 0xC4;
    private static final int GOTO_W = 0xC8;
    private static final int JSR_W = 0xC9;

    /** A switch found inside a loop of one method. */
    record Switch(int ordinal, int[] caseKeys) {
    }

    /**
     * What the scan found in one method; {@code loops}: its code has a backward jump, so one call of it can run
     * for as long as it likes (see {@link RunningLoops}); {@code callsAndExits}: its invoke, monitorenter,
     * monitorexit, return and athrow instructions (where a dispatch loop's tick count is brought up to date,
     * see {@link DispatchCounter}).
     */
    record MethodInfo(String name, String descriptor, int access, int maxLocals, boolean storesLocal0,
                      List<Switch> dispatchSwitches, int codeLength, boolean loops, int callsAndExits) {
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
    /** The class file: Utf8 constants are compared in place and decoded only when a name is needed. */
    private final byte[] bytes;
    /** Offset in {@link #bytes} of each Utf8 constant's length (0 for other entries). */
    private final int[] utf8Offsets;
    /** Utf8 constants decoded so far (most never are). */
    private final String[] utf8;
    private final int[] tags;
    private final int[] refA;
    private final int[] refB;

    private ClassScan(byte[] bytes, int[] utf8Offsets, String[] utf8, int[] tags, int[] refA, int[] refB,
                      String className, int access, String superName, String[] interfaces, int majorVersion) {
        this.bytes = bytes;
        this.utf8Offsets = utf8Offsets;
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
            if (isMemberRef(t) && utf8Is(refA[refB[i]], name) && utf8Is(refA[refA[i]], owner)) {
                return true;
            }
        }
        return false;
    }

    /** Does the pool reference any member named {@code name} of any owner (e.g. "wait", "lock")? */
    boolean referencesMemberNamed(String name) {
        for (int i = 1; i < tags.length; i++) {
            int t = tags[i];
            if (isMemberRef(t) && utf8Is(refA[refB[i]], name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMemberRef(int tag) {
        return tag == CONSTANT_FIELDREF || tag == CONSTANT_METHODREF || tag == CONSTANT_INTERFACE_METHODREF;
    }

    /** Does the pool hold a class constant for {@code internalName} (a class literal, a call owner...)? */
    boolean referencesClass(String internalName) {
        for (int i = 1; i < tags.length; i++) {
            if (tags[i] == CONSTANT_CLASS && utf8Is(refA[i], internalName)) {
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
            if (tags[i] == CONSTANT_CLASS) {
                String n = utf8At(refA[i]);
                if (n != null && !n.startsWith("[")) {
                    names.add(n);
                }
            } else if (tags[i] == CONSTANT_UTF8) {
                addObjectTypes(utf8At(i), names);
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

    /** The Utf8 constant at {@code index}, decoded on first use; null when the entry is not one. */
    private String utf8At(int index) {
        if (index <= 0 || index >= utf8.length || utf8Offsets[index] == 0) {
            return null;
        }
        String s = utf8[index];
        if (s == null) {
            int at = utf8Offsets[index];
            s = decodeUtf8(bytes, at + 2, ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF));
            utf8[index] = s;
        }
        return s;
    }

    /**
     * Whether the Utf8 constant at {@code index} is {@code text}, compared in the class file's bytes: the names
     * checked for every class (members, owners, "Code") are ASCII, so most checks decode nothing. Text with
     * other characters, or a constant with multi-byte ones, is compared decoded.
     */
    private boolean utf8Is(int index, String text) {
        if (index <= 0 || index >= utf8.length || utf8Offsets[index] == 0) {
            return false;
        }
        int at = utf8Offsets[index];
        int len = ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
        int n = text.length();
        if (len == n) {
            int p = at + 2;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                int b = bytes[p + i];
                if (c >= 0x80 || b < 0) {
                    return text.equals(utf8At(index)); // not plain ASCII on one side: compare decoded
                }
                if (b != c) {
                    return false;
                }
            }
            return true;
        }
        // lengths differ: equal only if one side has multi-byte characters (modified UTF-8 is longer than its chars)
        return len > n && text.equals(utf8At(index));
    }

    private static String decodeUtf8(byte[] b, int at, int len) {
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
            if (s4(0) != MAGIC) {
                throw new IllegalArgumentException("not a class file");
            }
            int major = u2(6);
            int count = u2(8);
            String[] utf8 = new String[count];
            int[] utf8Offsets = new int[count];
            int[] tags = new int[count];
            int[] refA = new int[count];
            int[] refB = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                int tag = u1(p);
                tags[i] = tag;
                switch (tag) {
                    case CONSTANT_UTF8 -> { // decoded when needed (ClassScan.utf8At)
                        utf8Offsets[i] = p + 1;
                        p += 3 + u2(p + 1);
                    }
                    case CONSTANT_INTEGER, CONSTANT_FLOAT -> p += 5;
                    case CONSTANT_LONG, CONSTANT_DOUBLE -> { // take two entries
                        p += 9;
                        i++;
                    }
                    case CONSTANT_CLASS, CONSTANT_STRING, CONSTANT_METHOD_TYPE, CONSTANT_MODULE, CONSTANT_PACKAGE -> {
                        refA[i] = u2(p + 1);
                        p += 3;
                    }
                    case CONSTANT_FIELDREF, CONSTANT_METHODREF, CONSTANT_INTERFACE_METHODREF, CONSTANT_NAME_AND_TYPE,
                            CONSTANT_DYNAMIC, CONSTANT_INVOKE_DYNAMIC -> {
                        refA[i] = u2(p + 1);
                        refB[i] = u2(p + 3);
                        p += 5;
                    }
                    case CONSTANT_METHOD_HANDLE -> p += 4;
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
            // for member refs, refA points at a Class entry and refB at a NameAndType: resolve to utf8 indexes
            // lazily in referencesMember (refA[refA[i]] is the class name, refA[refB[i]] the member name)
            int access = u2(p);
            // a scan without names yet, to decode them through
            ClassScan pool = new ClassScan(b, utf8Offsets, utf8, tags, refA, refB, null, 0, null, null, major);
            String name = pool.utf8At(refA[u2(p + 2)]);
            if (name == null) { // this_class is not a Class constant naming a Utf8 one
                throw new IllegalArgumentException("no class name");
            }
            int superIndex = u2(p + 4);
            String superName = superIndex == 0 ? null : pool.utf8At(refA[superIndex]);
            int ifaceCount = u2(p + 6);
            String[] interfaces = new String[ifaceCount];
            p += 8;
            for (int i = 0; i < ifaceCount; i++) {
                interfaces[i] = pool.utf8At(refA[u2(p)]);
                p += 2;
            }
            ClassScan scan = new ClassScan(b, utf8Offsets, utf8, tags, refA, refB, name, access, superName, interfaces,
                    major);
            int fields = u2(p);
            p += 2;
            for (int i = 0; i < fields; i++) {
                p = skipAttributes(p + 6, u2(p + 6));
            }
            int methods = u2(p);
            p += 2;
            for (int i = 0; i < methods; i++) {
                int mAccess = u2(p);
                String mName = scan.utf8At(u2(p + 2));
                String mDesc = scan.utf8At(u2(p + 4));
                int attrs = u2(p + 6);
                p += 8;
                int maxLocals = 0;
                int codeBytes = 0;
                boolean storesLocal0 = false;
                boolean loops = false;
                int callsAndExits = 0;
                List<Switch> switches = List.of();
                for (int a = 0; a < attrs; a++) {
                    int len = s4(p + 2);
                    if (scan.utf8Is(u2(p), "Code")) {
                        maxLocals = u2(p + 8);
                        int codeLength = s4(p + 10);
                        codeBytes = codeLength;
                        CodeFacts facts = scanCode(p + 14, codeLength, minCases);
                        scan.hasMonitorEnter |= facts.monitorEnter;
                        storesLocal0 = facts.storesLocal0;
                        loops = facts.loops;
                        callsAndExits = facts.callsAndExits;
                        switches = facts.dispatchSwitches;
                    }
                    p += 6 + len;
                }
                if ((mAccess & Opcodes.ACC_SYNCHRONIZED) != 0 && (mAccess & Opcodes.ACC_NATIVE) == 0) {
                    scan.hasSynchronizedMethod = true;
                }
                scan.methods.add(new MethodInfo(mName, mDesc, mAccess, maxLocals, storesLocal0, switches, codeBytes, loops, callsAndExits));
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

        /** Appends to a list created on first use (most methods have no dispatch switch). */
        private static List<int[]> add(List<int[]> list, int[] item) {
            List<int[]> l = list == null ? new ArrayList<>() : list;
            l.add(item);
            return l;
        }

        private record CodeFacts(boolean monitorEnter, boolean storesLocal0, boolean loops, int callsAndExits,
                                 List<Switch> dispatchSwitches) {
        }

        private CodeFacts scanCode(int start, int length, int minCases) {
            boolean monitorEnter = false;
            boolean storesLocal0 = false;
            boolean loops = false;
            int callsAndExits = 0;
            List<int[]> switchAt = null; // {offset, ordinal}
            List<int[]> switchKeys = null;
            List<int[]> backward = null; // {from, to}
            int ordinal = 0;
            int pc = 0;
            while (pc < length) {
                int op = u1(start + pc);
                int len;
                switch (op) {
                    case Opcodes.TABLESWITCH -> {
                        int q = pc + 1 + ((4 - ((pc + 1) & 3)) & 3);
                        int dflt = s4(start + q);
                        int low = s4(start + q + 4);
                        int high = s4(start + q + 8);
                        int n = high - low + 1;
                        loops |= dflt <= 0;
                        for (int k = 0; k < n && !loops; k++) {
                            loops = s4(start + q + 12 + 4 * k) <= 0; // a switch can jump back too
                        }
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
                    case Opcodes.LOOKUPSWITCH -> {
                        int q = pc + 1 + ((4 - ((pc + 1) & 3)) & 3);
                        int dflt = s4(start + q);
                        int n = s4(start + q + 4);
                        loops |= dflt <= 0;
                        for (int k = 0; k < n && !loops; k++) {
                            loops = s4(start + q + 12 + 8 * k) <= 0;
                        }
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
                    case WIDE -> {
                        int wop = u1(start + pc + 1);
                        if (wop == Opcodes.ASTORE && u2(start + pc + 2) == 0) { // wide astore 0
                            storesLocal0 = true;
                        }
                        len = wop == Opcodes.IINC ? 6 : 4;
                    }
                    default -> {
                        len = LENGTH[op];
                        if (len == 0) {
                            throw new IllegalArgumentException("unknown opcode " + op + " at " + pc);
                        }
                        if ((op >= Opcodes.INVOKEVIRTUAL && op <= Opcodes.INVOKEDYNAMIC) || op == Opcodes.MONITOREXIT
                                || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW) {
                            callsAndExits++;
                        }
                        if (op == Opcodes.MONITORENTER) {
                            monitorEnter = true;
                            callsAndExits++;
                        } else if (op == ASTORE_0 || (op == Opcodes.ASTORE && u1(start + pc + 1) == 0)) { // astore_0, astore 0
                            storesLocal0 = true;
                        } else if ((op >= Opcodes.IFEQ && op <= Opcodes.JSR) || op == Opcodes.IFNULL || op == Opcodes.IFNONNULL
                                || op == GOTO_W || op == JSR_W) {
                            int offset = (op == GOTO_W || op == JSR_W) ? s4(start + pc + 1) : (short) u2(start + pc + 1);
                            loops |= offset <= 0;
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
            return new CodeFacts(monitorEnter, storesLocal0, loops, callsAndExits, dispatch);
        }
    }

    /** Instruction lengths by opcode (0 = variable or invalid, handled separately). */
    private static final int[] LENGTH = new int[256];

    static {
        for (int op = Opcodes.NOP; op <= JSR_W; op++) {
            LENGTH[op] = 1;
        }
        set(2, Opcodes.BIPUSH, Opcodes.LDC, Opcodes.ILOAD, Opcodes.LLOAD, Opcodes.FLOAD, Opcodes.DLOAD, Opcodes.ALOAD,
                Opcodes.ISTORE, Opcodes.LSTORE, Opcodes.FSTORE, Opcodes.DSTORE, Opcodes.ASTORE, Opcodes.RET, Opcodes.NEWARRAY);
        set(3, Opcodes.SIPUSH, LDC_W, LDC2_W, Opcodes.IINC, Opcodes.GETSTATIC, Opcodes.PUTSTATIC, Opcodes.GETFIELD,
                Opcodes.PUTFIELD, Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESPECIAL, Opcodes.INVOKESTATIC, Opcodes.NEW,
                Opcodes.ANEWARRAY, Opcodes.CHECKCAST, Opcodes.INSTANCEOF, Opcodes.IFNULL, Opcodes.IFNONNULL);
        for (int op = Opcodes.IFEQ; op <= Opcodes.JSR; op++) { // the 16-bit branches, ifeq to jsr
            LENGTH[op] = 3;
        }
        set(4, Opcodes.MULTIANEWARRAY);
        set(5, Opcodes.INVOKEINTERFACE, Opcodes.INVOKEDYNAMIC, GOTO_W, JSR_W);
        LENGTH[Opcodes.TABLESWITCH] = 0;
        LENGTH[Opcodes.LOOKUPSWITCH] = 0;
        LENGTH[WIDE] = 0;
    }

    private static void set(int len, int... ops) {
        for (int op : ops) {
            LENGTH[op] = len;
        }
    }
}
