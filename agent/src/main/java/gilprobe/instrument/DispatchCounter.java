package gilprobe.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Counts ticks of the dispatch switches of one method. At method entry the thread's
 * {@code LoopCounter} of each loop is fetched once ({@code Probes.loopCounter}, one ThreadLocal lookup
 * per call of the method) into a new local appended after the method's own locals; right before each
 * dispatch switch the tick is one field increment, {@code counter.ticks++}, with no call.
 *
 * <p>With {@code opcodes=true} each case of a dispatch switch is counted too, with no lookup on the tick:
 * the switch jumps to a trampoline per case key instead of the case itself, and the trampoline does
 * {@code cases[slot]++} with its slot as a constant ({@code cases}: the counter's array, read into a local at
 * method entry), then jumps to the case. The trampolines are
 * placed after the method's code; each carries the stack map frame of the case it jumps to (the state at
 * the switch, which the case's own frame describes). A case reached otherwise (a fall-through from the case
 * above, a jump from elsewhere) is not counted: only the switch's dispatches are.
 *
 * <p>The counters live in locals appended after the method's own ({@link FrameExtender} declares them in
 * every frame).
 *
 * <p><b>Ticks in a local</b> ({@link #localTicksFit}; with {@code opcodes=true} too, the cases staying in
 * memory): the tick is then
 * {@code pending++} on a {@code long} local of gilprobe's, which the JIT keeps in a register, instead of an
 * increment in memory; {@code counter.ticks += pending; pending = 0} brings the counter up to date before
 * every call, {@code monitorenter}, {@code monitorexit}, return and {@code athrow} of the method, and in a
 * catch-all handler (appended after the method's own, so it sees only what leaves the method) that
 * rethrows. Every probe that reads the ticks (a hold's start and end) runs in a call or next to a monitor
 * instruction, so it reads them exact; readers on other threads (a dump while the loop runs) may see the
 * ticks since the loop's last call missing.
 */
final class DispatchCounter extends MethodVisitor {
    static final String COUNTER = "gilprobe/record/LoopCounter";

    private final int firstLocal;
    private final List<ClassScan.Switch> switches;
    private final int[] loopIds;
    private final boolean opcodes;
    /** opcodes: count through trampolines (else through a call before the switch, for methods near the size limit). */
    private final boolean trampolines;
    /** Ticks in a local: switch k's pending count is the long at {@code firstPending + 2k}. */
    private final boolean localTicks;
    private final int firstPending;
    /** opcodes counted through trampolines; switch k's {@code counter.cases} array is then the local at {@code firstCases + k}. */
    private final boolean caseTrampolines;
    private final int firstCases;
    /** Ticks in a local: the catch-all handler's frame locals, or null when the class has no frames. */
    private final Object[] handlerLocals;
    private final Label start = new Label();
    private int ordinal;
    /** opcodes: the trampolines to place after the code, {label, case label, slot, cases array local}. */
    private final List<Object[]> pending = new ArrayList<>();
    /** opcodes: the stack map frame at each label that has one, {nLocal, local, nStack, stack}. */
    private final Map<Label, Object[]> frames = new IdentityHashMap<>();
    /** opcodes: labels visited since the last instruction (a frame that follows applies to them). */
    private final List<Label> labelsHere = new ArrayList<>();

    DispatchCounter(MethodVisitor mv, int firstLocal, List<ClassScan.Switch> switches, int[] loopIds,
                    boolean opcodes, boolean trampolines, boolean localTicks, boolean frames) {
        super(Opcodes.ASM9, mv);
        this.firstLocal = firstLocal;
        this.switches = switches;
        this.loopIds = loopIds;
        this.opcodes = opcodes;
        this.trampolines = trampolines;
        this.localTicks = localTicks;
        this.firstPending = firstLocal + switches.size();
        this.caseTrampolines = opcodes && trampolines;
        this.firstCases = firstPending + (localTicks ? 2 * switches.size() : 0);
        this.handlerLocals = localTicks && frames ? FrameExtender.padded(firstLocal, new Object[0], appendedLocals().toArray()) : null;
    }

    /**
     * The types of the locals this visitor appends, in order from {@code firstLocal} (as frames list them: a
     * {@code long} is one entry and two slots): a counter per switch, then with ticks in a local a pending
     * count per switch, then with per-case trampolines each counter's {@code cases} array,
     * read once at entry (the field is final) so that a trampoline's increment needs no field load and its
     * index check is the same on every tick.
     */
    List<Object> appendedLocals() {
        List<Object> types = new ArrayList<>();
        for (int k = 0; k < switches.size(); k++) {
            types.add(COUNTER);
        }
        for (int k = 0; localTicks && k < switches.size(); k++) {
            types.add(Opcodes.LONG);
        }
        for (int k = 0; caseTrampolines && k < switches.size(); k++) {
            types.add("[J");
        }
        return types;
    }

    /** Bytes that bring the counters up to date at one place, at most: per switch aload, dup, getfield, lload, ladd, putfield, lconst_0, lstore (wide). */
    static final int FLUSH_BYTES = 21;

    /**
     * Whether a method counts its ticks in a local: not a constructor (whose catch-all would cover code before
     * {@code super()}), not a method made synchronized by hand ({@code converted}: its own catch-all must stay
     * outermost), not with {@code opcodes} counted by a call before the switch (a method too near the compile
     * limit for trampolines: {@code trampolines} false), and only if the code that brings the counters up to
     * date at every call and exit, with the trampolines of {@code opcodes=true}, keeps it under HotSpot's
     * compile limit. With
     * {@code opcodes} the per-case counts stay in memory ({@code counter.cases}) and the ticks go to the local
     * all the same: one increment in memory per tick instead of two.
     */
    static boolean localTicksFit(ClassScan.MethodInfo info, List<ClassScan.Switch> switches, boolean converted,
                                 boolean opcodes, boolean trampolines) {
        if (info.name().equals("<init>") || converted || info.codeLength() > HUGE_METHOD || (opcodes && !trampolines)) {
            return false;
        }
        int n = switches.size();
        long bytes = info.codeLength() + ROOM + (long) FLUSH_BYTES * n * (info.callsAndExits() + 1) + 8L * n
                + (opcodes ? trampolineBytes(switches) : 0);
        return bytes <= HUGE_METHOD;
    }

    /**
     * HotSpot compiles no method of more than 8,000 bytes of bytecode ({@code -XX:+DontCompileHugeMethods}, the
     * default): a dispatch loop the trampolines would push over it would run interpreted, many times slower
     * (GraalPy's 169-case {@code bytecodeLoop} did). Such a method counts its cases the other way: a call before
     * the switch that looks the key's slot up ({@code Probes.opcode}), a few bytes.
     */
    static final int HUGE_METHOD = 8_000;
    /** Room left for the other rewrites of the method (monitor brackets, lock calls, the tick counts). */
    static final int ROOM = 1_024;
    /** Bytes of one trampoline at most: aload (wide), ldc_w or sipush, dup2, laload, lconst_1, ladd, lastore, goto_w. */
    static final int TRAMPOLINE_BYTES = 19;

    /** Whether the trampolines of {@code switches} keep a method of {@code codeLength} bytes compilable. */
    static boolean trampolinesFit(int codeLength, List<ClassScan.Switch> switches) {
        if (codeLength > HUGE_METHOD) {
            return true; // never compiled anyway
        }
        return codeLength + ROOM + trampolineBytes(switches) <= HUGE_METHOD;
    }

    /** Bytes of the trampolines of {@code switches} at most. */
    private static long trampolineBytes(List<ClassScan.Switch> switches) {
        long bytes = 0;
        for (ClassScan.Switch s : switches) {
            bytes += (long) TRAMPOLINE_BYTES * (s.caseKeys().length + 2); // keys mapped to cases, the default
        }
        return bytes;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        for (int k = 0; k < switches.size(); k++) {
            pushInt(loopIds[k]);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "loopCounter", "(I)L" + COUNTER + ";", false);
            super.visitVarInsn(Opcodes.ASTORE, firstLocal + k);
        }
        for (int k = 0; caseTrampolines && k < switches.size(); k++) {
            super.visitVarInsn(Opcodes.ALOAD, firstLocal + k);
            super.visitFieldInsn(Opcodes.GETFIELD, COUNTER, "cases", "[J");
            super.visitVarInsn(Opcodes.ASTORE, firstCases + k);
        }
        if (localTicks) {
            for (int k = 0; k < switches.size(); k++) {
                super.visitInsn(Opcodes.LCONST_0);
                super.visitVarInsn(Opcodes.LSTORE, firstPending + 2 * k);
            }
            super.visitLabel(start);
        }
    }

    /** Ticks in a local: {@code counter.ticks += pending; pending = 0}, for every switch. */
    private void flush() {
        for (int k = 0; k < switches.size(); k++) {
            super.visitVarInsn(Opcodes.ALOAD, firstLocal + k);
            super.visitInsn(Opcodes.DUP);
            super.visitFieldInsn(Opcodes.GETFIELD, COUNTER, "ticks", "J");
            super.visitVarInsn(Opcodes.LLOAD, firstPending + 2 * k);
            super.visitInsn(Opcodes.LADD);
            super.visitFieldInsn(Opcodes.PUTFIELD, COUNTER, "ticks", "J");
            super.visitInsn(Opcodes.LCONST_0);
            super.visitVarInsn(Opcodes.LSTORE, firstPending + 2 * k);
        }
    }

    private void pushInt(int v) {
        if (v <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, v);
        } else {
            super.visitLdcInsn(v);
        }
    }

    /** The index of the dispatch switch about to be visited among {@link #switches}, or -1; counts its tick. */
    private int beforeSwitch() {
        labelsHere.clear();
        int current = ordinal++;
        for (int k = 0; k < switches.size(); k++) {
            if (switches.get(k).ordinal() == current) {
                int local = firstLocal + k;
                if (opcodes && !trampolines) {
                    super.visitInsn(Opcodes.DUP);
                    super.visitVarInsn(Opcodes.ALOAD, local);
                    super.visitInsn(Opcodes.SWAP);
                    pushInt(loopIds[k]);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "opcode", "(L" + COUNTER + ";II)V", false);
                }
                if (localTicks) {
                    super.visitVarInsn(Opcodes.LLOAD, firstPending + 2 * k);
                    super.visitInsn(Opcodes.LCONST_1);
                    super.visitInsn(Opcodes.LADD);
                    super.visitVarInsn(Opcodes.LSTORE, firstPending + 2 * k);
                    return k;
                }
                super.visitVarInsn(Opcodes.ALOAD, local);
                super.visitInsn(Opcodes.DUP);
                super.visitFieldInsn(Opcodes.GETFIELD, COUNTER, "ticks", "J");
                super.visitInsn(Opcodes.LCONST_1);
                super.visitInsn(Opcodes.LADD);
                super.visitFieldInsn(Opcodes.PUTFIELD, COUNTER, "ticks", "J");
                return k;
            }
        }
        return -1;
    }

    /**
     * opcodes: the label the switch jumps to for {@code key} of dispatch switch {@code k}, whose case is
     * {@code target}: a new trampoline counting the key's slot (its index among the switch's case keys; the
     * default branch's slot after them, as {@code CaseSlots} numbers them).
     */
    private Label trampoline(int k, int key, Label target, Label dflt, boolean isDefault) {
        int[] keys = switches.get(k).caseKeys();
        int slot = isDefault || target == dflt ? keys.length : Arrays.binarySearch(keys, key);
        if (slot < 0) {
            slot = keys.length;
        }
        Label t = new Label();
        pending.add(new Object[] {t, target, slot, firstCases + k});
        return t;
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        int k = beforeSwitch();
        if (k < 0 || !caseTrampolines) {
            super.visitTableSwitchInsn(min, max, dflt, labels);
            return;
        }
        Label[] via = new Label[labels.length];
        for (int i = 0; i < labels.length; i++) {
            via[i] = trampoline(k, min + i, labels[i], dflt, false);
        }
        super.visitTableSwitchInsn(min, max, trampoline(k, 0, dflt, dflt, true), via);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        int k = beforeSwitch();
        if (k < 0 || !caseTrampolines) {
            super.visitLookupSwitchInsn(dflt, keys, labels);
            return;
        }
        Label[] via = new Label[labels.length];
        for (int i = 0; i < labels.length; i++) {
            via[i] = trampoline(k, keys[i], labels[i], dflt, false);
        }
        super.visitLookupSwitchInsn(trampoline(k, 0, dflt, dflt, true), keys, via);
    }

    // ---- opcodes: the frames at labels, for the trampolines (a frame follows its label(s), before any instruction)

    @Override
    public void visitLabel(Label label) {
        labelsHere.add(label);
        super.visitLabel(label);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (caseTrampolines && type == Opcodes.F_NEW) {
            Object[] frame = {numLocal, local == null ? null : local.clone(), numStack, stack == null ? null : stack.clone()};
            for (Label l : labelsHere) {
                frames.put(l, frame);
            }
        }
        labelsHere.clear();
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        labelsHere.clear();
        if (localTicks && (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT || opcode == Opcodes.ATHROW
                || (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN))) {
            flush();
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        labelsHere.clear();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        labelsHere.clear();
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        labelsHere.clear();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        labelsHere.clear();
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        labelsHere.clear();
        if (localTicks) {
            flush();
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, net.bytebuddy.jar.asm.Handle bootstrapMethodHandle,
                                       Object... bootstrapMethodArguments) {
        labelsHere.clear();
        if (localTicks) {
            flush();
        }
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        labelsHere.clear();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        labelsHere.clear();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        labelsHere.clear();
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        labelsHere.clear();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    /** opcodes: the trampolines, after the method's code: count the key's slot, then go to its case. */
    private void placeTrampolines() {
        for (Object[] t : pending) {
            Label at = (Label) t[0];
            Label target = (Label) t[1];
            super.visitLabel(at);
            Object[] frame = frames.get(target);
            if (frame != null) {
                super.visitFrame(Opcodes.F_NEW, (Integer) frame[0], (Object[]) frame[1], (Integer) frame[2], (Object[]) frame[3]);
            }
            super.visitVarInsn(Opcodes.ALOAD, (Integer) t[3]);
            pushInt((Integer) t[2]);
            super.visitInsn(Opcodes.DUP2);
            super.visitInsn(Opcodes.LALOAD);
            super.visitInsn(Opcodes.LCONST_1);
            super.visitInsn(Opcodes.LADD);
            super.visitInsn(Opcodes.LASTORE);
            super.visitJumpInsn(Opcodes.GOTO, target);
        }
        pending.clear();
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        placeTrampolines();
        if (localTicks) {
            // the catch-all, after the method's own handlers: what leaves the method brings the counters up to date
            Label end = new Label();
            Label handler = new Label();
            super.visitLabel(end);
            super.visitTryCatchBlock(start, end, handler, null);
            super.visitLabel(handler);
            if (handlerLocals != null) {
                super.visitFrame(Opcodes.F_NEW, handlerLocals.length, handlerLocals, 1, new Object[] {"java/lang/Throwable"});
            }
            flush();
            super.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack + 6, Math.max(maxLocals, firstLocal + FrameExtender.slots(appendedLocals().toArray())));
    }
}
