package gilprobe.instrument;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Brackets every {@code monitorenter} and {@code monitorexit} of a method with probe calls (monitor kind),
 * as straight-line code: no new branches or frames. The original instructions stay where they are, so
 * locking stays structured:
 * <pre>
 *   [monitor] dup; sipush site; monitorRequest; astore token; monitorenter; (label) aload token; monitorAcquired
 *   [monitor] dup; monitorRelease; monitorexit
 *   [monitor] dup; nanoTime; lstore stamp; monitorexit; (label) lload stamp; monitorReleasedAfterExit   (in a handler)
 * </pre>
 * The site of a {@code monitorenter} is named upstream ({@link SiteNames}), which hands it here through
 * {@link #monitorEnter}.
 *
 * <p><b>Nothing of gilprobe's stays on the operand stack across {@code monitorenter}.</b> The token that
 * {@code monitorRequest} returns goes to a local of gilprobe's ({@link #useTokenLocal}) and is loaded again
 * right after {@code monitorenter}, so at {@code monitorenter} the stack holds what the original code put
 * there (javac: the monitor alone). Since JDK 24 (JEP 491) a virtual thread blocked in {@code monitorenter}
 * unmounts, and HotSpot (seen on 25.0.3, interpreted and compiled) does not keep a reference that lies on
 * the operand stack <em>under</em> the monitor object up to date across a GC while the thread is unmounted:
 * the value read after {@code monitorenter} is a stale pointer (another object, or a crash). A local is
 * kept up to date. The local is written and read in straight-line code with no stack map frame in between,
 * so frames never need to declare it.
 *
 * <p><b>Where the calls after {@code monitorenter} and after a handler's {@code monitorexit} go.</b> They are
 * deferred: they must come after the label that follows (javac's try range starts, or ends, there), so that
 * label is held back until the next instruction, then emitted, then the calls ({@link #flushPending}). If a
 * stack map frame follows the label instead, the calls go before it (the frame does not describe the
 * operand kept on the stack). Every instruction therefore flushes first.
 *
 * <p><b>A {@code new} right after {@code monitorenter}.</b> ASM names an uninitialized object in a stack map
 * frame by the label of its {@code new} instruction, and the label held back is that label when the block's
 * first instruction is a {@code new} ({@code synchronized (x) { return new Foo(c ? a : b); }}: a frame
 * inside the constructor's arguments holds the object). The deferred calls would then stand between the
 * label and the {@code new}, and the JVM refuses the class ("bad offset for Uninitialized"). So such a
 * {@code new} gets a label of its own after the calls, and the frames that follow name it instead
 * ({@link #uninitializedAt}).
 */
final class MonitorBracketing extends MethodVisitor {
    private final String owner;
    private final String methodName;
    /** Handler labels whose try range starts at the handler itself (javac's monitor-release handler). */
    private final Set<Label> selfCoveringHandlers = new HashSet<>();
    private boolean inSelfCoveringHandler;
    /** A monitorenter was emitted: monitorAcquired follows the next label. */
    private boolean acquiredPending;
    /** A monitorexit in a self-covering handler left its monitor on the stack for monitorReleasedAfterExit. */
    private boolean releasePending;
    private Label heldLabel;
    /** The line number that starts at {@link #heldLabel}, or -1. */
    private int heldLine = -1;
    /**
     * The local that carries monitorRequest's token across monitorenter; -1 until set. The two slots after
     * it hold the clock reading of an exception path's release (see {@link #stampThenExit}).
     */
    private int tokenLocal = -1;
    /** A held label that stood at a {@code new} -> the label now at that {@code new} (see the class comment). */
    private final Map<Label, Label> uninitializedAt = new HashMap<>();

    /**
     * {@code find=true}: the probes are the find variants ({@code findMonitorRequest},
     * {@code findMonitorRelease} with a release site, {@code findMonitorReleasedAfterExit}); same shape.
     */
    private final boolean find;

    /** {@code owner} and {@code methodName} only name the method in an error. */
    MonitorBracketing(MethodVisitor mv, String owner, String methodName) {
        this(mv, owner, methodName, false);
    }

    MonitorBracketing(MethodVisitor mv, String owner, String methodName, boolean find) {
        super(Opcodes.ASM9, mv);
        this.owner = owner;
        this.methodName = methodName;
        this.find = find;
    }

    /** Where the token of monitorRequest is kept across {@code monitorenter}: a local no other code uses. */
    void useTokenLocal(int local) {
        this.tokenLocal = local;
    }

    /** [monitor] -> []: a {@code monitorenter} whose site {@link SiteNames} registered as {@code site}. */
    void monitorEnter(int site) {
        flushPending();
        super.visitInsn(Opcodes.DUP);
        pushInt(site);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, find ? "findMonitorRequest" : "monitorRequest",
                "(Ljava/lang/Object;I)Ljava/lang/Object;", false);
        if (tokenLocal < 0) {
            throw new IllegalStateException("no token local for monitorenter in " + owner + "." + methodName);
        }
        super.visitVarInsn(Opcodes.ASTORE, tokenLocal);
        super.visitInsn(Opcodes.MONITORENTER);
        // monitorAcquired is called at the first instruction after monitorenter: that is where javac's
        // catch-all range begins. A call placed before it could (for the JIT) throw with the monitor
        // held and no handler, and HotSpot refuses to compile methods with such a path.
        acquiredPending = true;
    }

    /**
     * [monitor] -> [monitor], the monitor exited, with the clock read just before {@code monitorexit} into
     * gilprobe's stamp local (the two slots after the token local). The release is recorded after
     * {@code monitorexit} (see the callers), but it ends the hold at that reading: a thread woken by the
     * {@code monitorexit} may take the lock and the CPU before this thread's probe runs, and the two holds
     * must not overlap. {@code System.nanoTime} is an intrinsic that HotSpot's compilers do not treat as a
     * call that can throw, so it may stand where a probe call may not.
     */
    void stampThenExit() {
        super.visitInsn(Opcodes.DUP);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
        super.visitVarInsn(Opcodes.LSTORE, tokenLocal + 1);
        super.visitInsn(Opcodes.MONITOREXIT);
    }

    /** [monitor] -> []: the release with the stamp {@link #stampThenExit} took. */
    void releasedAfterExitCall() {
        super.visitVarInsn(Opcodes.LLOAD, tokenLocal + 1);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES,
                find ? "findMonitorReleasedAfterExit" : "monitorReleasedAfterExit", "(Ljava/lang/Object;J)V", false);
    }

    /** A {@code monitorexit} is bracketed here; a {@code monitorenter} comes through {@link #monitorEnter}. */
    @Override
    public void visitInsn(int opcode) {
        flushPending();
        if (opcode == Opcodes.MONITOREXIT && inSelfCoveringHandler) {
            // javac's catch-all handler covers itself; C1 will not compile a method where a call in that
            // block could throw into it. So: the clock read and monitorexit, and the probe after the range ends.
            stampThenExit();
            releasePending = true;
            return;
        }
        if (opcode == Opcodes.MONITOREXIT && find) {
            super.visitInsn(Opcodes.DUP);
            pushInt(gilprobe.record.Candidates.newReleaseSite());
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "findMonitorRelease", "(Ljava/lang/Object;I)V", false);
        } else if (opcode == Opcodes.MONITOREXIT) {
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "monitorRelease", "(Ljava/lang/Object;)V", false);
        }
        super.visitInsn(opcode);
    }

    private void pushInt(int value) {
        if (value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    // ------------------------------------------------------------------ the deferred calls

    /** Emits the held label, then the deferred calls (see the class comment). */
    private void flushPending() {
        if (heldLabel != null) {
            Label l = heldLabel;
            heldLabel = null;
            placeHeldLabel(l);
        }
        emitPendingCalls();
    }

    private void emitPendingCalls() {
        if (releasePending) {
            releasePending = false;
            releasedAfterExitCall();
        }
        if (acquiredPending) {
            acquiredPending = false;
            super.visitVarInsn(Opcodes.ALOAD, tokenLocal);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "monitorAcquired", "(Ljava/lang/Object;)V", false);
        }
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        if (start == handler) {
            selfCoveringHandlers.add(handler);
        }
        super.visitTryCatchBlock(start, end, handler, type);
    }

    @Override
    public void visitLabel(Label label) {
        if ((acquiredPending || releasePending) && heldLabel == null) {
            heldLabel = label;
        } else {
            flushPending();
            super.visitLabel(label);
        }
        inSelfCoveringHandler = selfCoveringHandlers.contains(label);
    }

    /**
     * A line number at the held label is emitted with the label, once the label is placed: passed on now, it
     * would point at a label not yet placed (the line would start at the method's first instruction).
     */
    @Override
    public void visitLineNumber(int line, Label start) {
        if (start == heldLabel && heldLine < 0) {
            heldLine = line;
        } else {
            super.visitLineNumber(line, start);
        }
    }

    /** Places {@code label}, the held one, with its line number if one was held with it. */
    private void placeHeldLabel(Label label) {
        super.visitLabel(label);
        if (heldLine >= 0) {
            int line = heldLine;
            heldLine = -1;
            super.visitLineNumber(line, label);
        }
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (heldLabel != null) {
            Label l = heldLabel;
            heldLabel = null;
            emitPendingCalls();
            placeHeldLabel(l);
        }
        super.visitFrame(type, numLocal, movedNews(local, numLocal), numStack, movedNews(stack, numStack));
    }

    /** {@code types} with each uninitialized type whose {@code new} got a label of its own named by that label. */
    private Object[] movedNews(Object[] types, int count) {
        if (uninitializedAt.isEmpty() || types == null) {
            return types;
        }
        Object[] out = types;
        for (int i = 0; i < count; i++) {
            Label moved = types[i] instanceof Label l ? uninitializedAt.get(l) : null;
            if (moved != null) {
                if (out == types) {
                    out = types.clone();
                }
                out[i] = moved;
            }
        }
        return out;
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        flushPending();
        super.visitMaxs(maxStack, maxLocals);
    }

    // Every other instruction: the deferred calls first.

    @Override
    public void visitVarInsn(int opcode, int var) {
        flushPending();
        super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitLdcInsn(Object value) {
        flushPending();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
        flushPending();
        super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
        flushPending();
        super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        flushPending();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        Label held = heldLabel;
        flushPending();
        if (opcode == Opcodes.NEW && held != null) {
            Label at = new Label();
            super.visitLabel(at);
            uninitializedAt.put(held, at);
        }
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        flushPending();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        flushPending();
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
        flushPending();
        super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        flushPending();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        flushPending();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        flushPending();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
