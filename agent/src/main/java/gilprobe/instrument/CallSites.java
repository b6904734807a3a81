package gilprobe.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import gilprobe.options.LockSpec;
import gilprobe.record.Suggestions;

/**
 * Rewrites the instructions of one method that touch the designated lock, all as straight-line code (no
 * new branches or frames; locals of gilprobe's after the method's own, see below):
 * <ul>
 *   <li>{@code monitorenter}/{@code monitorexit} (monitor kind) are bracketed by probe calls; the original
 *       instructions stay, so locking stays structured;</li>
 *   <li>{@code Object.wait} (monitor kind), {@code Lock} and {@code Condition} calls (lock kind) are replaced
 *       by the probe of the same name, which makes the call;</li>
 *   <li>reads and writes of the designated field pass the value to {@code Probes.designate}.</li>
 * </ul>
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
 */
final class CallSites extends MethodVisitor {
    static final String PROBES = "gilprobe/probe/Probes";
    private static final String LOCK = "java/util/concurrent/locks/Lock";
    private static final String CONDITION = "java/util/concurrent/locks/Condition";
    /** JDK classes known to implement Lock, whose calls javac emits as invokevirtual. */
    private static final java.util.Set<String> LOCK_CLASSES = java.util.Set.of(LOCK,
            "java/util/concurrent/locks/ReentrantLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock");

    private final Plan plan;
    private final String owner;
    private final String methodName;
    private final boolean isStatic;
    private String source;
    private String forcedSite;
    private int line = -1;
    private boolean acquiredPending;
    /** Handler labels whose try range starts at the handler itself (javac's monitor-release handler). */
    private final java.util.Set<Label> selfCoveringHandlers = new java.util.HashSet<>();
    private boolean inSelfCoveringHandler;
    /** A monitorexit in a self-covering handler left its monitor on the stack for monitorReleasedAfterExit. */
    private boolean releasePending;
    private Label heldLabel;
    /**
     * The local that carries monitorRequest's token across monitorenter; -1 until set. The two slots after
     * it hold the clock reading of an exception path's release (see {@link #stampThenExit}).
     */
    private int tokenLocal = -1;

    CallSites(MethodVisitor mv, Plan plan, String owner, String methodName, boolean isStatic) {
        super(Opcodes.ASM9, mv);
        this.plan = plan;
        this.owner = owner;
        this.methodName = methodName;
        this.isStatic = isStatic;
    }

    /** Where the token of monitorRequest is kept across {@code monitorenter}: a local no other code uses. */
    void useTokenLocal(int local) {
        this.tokenLocal = local;
    }

    /** The next {@code monitorenter} is the one of a synchronized method: describe its site so. */
    void nextMonitorIsSynchronizedMethod() {
        forcedSite = isStatic ? "static synchronized" : "synchronized method";
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        flushPending();
        super.visitMaxs(maxStack, maxLocals);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
        super.visitLineNumber(line, start);
    }

    /**
     * Deferred probe calls. After {@code monitorenter} the {@code monitorAcquired} call, and after a
     * {@code monitorexit} in a self-covering handler the {@code monitorReleasedAfterExit} call, must come
     * after the label that follows (javac's try range starts, or ends, there): the label is held back
     * until the next instruction, then emitted, then the calls. If a stack map frame follows the label
     * instead, the calls go before it (the frame does not describe the operand kept on the stack).
     */
    private void flushPending() {
        if (heldLabel != null) {
            Label l = heldLabel;
            heldLabel = null;
            super.visitLabel(l);
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
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "monitorAcquired", "(Ljava/lang/Object;)V", false);
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

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (heldLabel != null) {
            Label l = heldLabel;
            heldLabel = null;
            emitPendingCalls();
            super.visitLabel(l);
        }
        super.visitFrame(type, numLocal, local, numStack, stack);
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
        super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "monitorReleasedAfterExit", "(Ljava/lang/Object;J)V", false);
    }

    @Override
    public void visitInsn(int opcode) {
        flushPending();
        if (plan.kind == LockSpec.Kind.MONITOR && opcode == Opcodes.MONITORENTER) {
            int site = registerSite();
            super.visitInsn(Opcodes.DUP);
            pushInt(site);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "monitorRequest", "(Ljava/lang/Object;I)Ljava/lang/Object;", false);
            if (tokenLocal < 0) {
                throw new IllegalStateException("no token local for monitorenter in " + owner + "." + methodName);
            }
            super.visitVarInsn(Opcodes.ASTORE, tokenLocal);
            super.visitInsn(Opcodes.MONITORENTER);
            // monitorAcquired is called at the first instruction after monitorenter: that is where javac's
            // catch-all range begins. A call placed before it could (for the JIT) throw with the monitor
            // held and no handler, and HotSpot refuses to compile methods with such a path.
            acquiredPending = true;
            source = null;
            return;
        }
        if (plan.kind == LockSpec.Kind.MONITOR && opcode == Opcodes.MONITOREXIT && inSelfCoveringHandler) {
            // javac's catch-all handler covers itself; C1 will not compile a method where a call in that
            // block could throw into it. So: the clock read and monitorexit, and the probe after the range ends.
            stampThenExit();
            releasePending = true;
            source = null;
            return;
        }
        if (plan.kind == LockSpec.Kind.MONITOR && opcode == Opcodes.MONITOREXIT) {
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "monitorRelease", "(Ljava/lang/Object;)V", false);
            super.visitInsn(Opcodes.MONITOREXIT);
            source = null;
            return;
        }
        if (opcode != Opcodes.DUP) {
            source = null;
        }
        super.visitInsn(opcode);
    }

    private int registerSite() {
        String where = owner.replace('/', '.') + "." + methodName + (line >= 0 ? ":" + line : "");
        String option;
        String site;
        if (forcedSite != null) {
            option = isStatic ? "monitor=" + owner.replace('/', '.') : "";
            site = forcedSite + " " + where + (isStatic ? "" : " (monitor: this " + owner.replace('/', '.') + ")");
            forcedSite = null;
        } else if (source != null && source.startsWith("monitor=")) {
            option = source;
            site = "synchronized block " + where;
        } else if ("this".equals(source)) {
            option = "";
            site = "synchronized (this) " + where + " (monitor: this " + owner.replace('/', '.') + ")";
        } else {
            option = "";
            site = "synchronized block " + where;
        }
        return Suggestions.register(option, site);
    }

    private void pushInt(int value) {
        if (value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        flushPending();
        if (opcode == Opcodes.ASTORE) {
            // keep the source: javac stores the monitor in a local before monitorenter
        } else if (opcode == Opcodes.ALOAD && var == 0 && !isStatic) {
            source = "this";
        } else {
            source = null;
        }
        super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitLdcInsn(Object value) {
        flushPending();
        source = value instanceof Type t && t.getSort() == Type.OBJECT ? "monitor=" + t.getClassName() : null;
        super.visitLdcInsn(value);
        if (value instanceof Type t && t.getSort() == Type.OBJECT && t.getInternalName().equals(plan.classMonitor)) {
            // monitor=<class>: every class literal of it (synchronized (X.class), X's static synchronized methods)
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "designate", "(Ljava/lang/Object;)V", false);
        }
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
        flushPending();
        boolean reference = descriptor.startsWith("L") || descriptor.startsWith("[");
        boolean designated = reference && plan.isField(fieldOwner, name);
        if (designated && (opcode == Opcodes.PUTSTATIC || opcode == Opcodes.PUTFIELD)) {
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "designate", "(Ljava/lang/Object;)V", false);
        }
        super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        if (designated && (opcode == Opcodes.GETSTATIC || opcode == Opcodes.GETFIELD)) {
            super.visitInsn(Opcodes.DUP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "designate", "(Ljava/lang/Object;)V", false);
        }
        source = reference && (opcode == Opcodes.GETSTATIC || opcode == Opcodes.GETFIELD)
                ? "monitor=" + fieldOwner.replace('/', '.') + "." + name : null;
    }

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
        flushPending();
        source = null;
        if (plan.kind == LockSpec.Kind.MONITOR && opcode == Opcodes.INVOKEVIRTUAL && name.equals("wait")
                && (descriptor.equals("()V") || descriptor.equals("(J)V") || descriptor.equals("(JI)V"))) {
            // Object.wait is final: whatever the owner, this call runs Object.wait
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "objectWait", "(Ljava/lang/Object;" + descriptor.substring(1), false);
            return;
        }
        if (plan.kind == LockSpec.Kind.LOCK) {
            String probe = lockProbe(opcode, callOwner, name, descriptor);
            if (probe != null) {
                String receiver = LOCK_CLASSES.contains(callOwner) ? "L" + LOCK + ";" : "L" + CONDITION + ";";
                super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, probe, "(" + receiver + descriptor.substring(1), false);
                return;
            }
        }
        super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
    }

    private static String lockProbe(int opcode, String callOwner, String name, String descriptor) {
        if (opcode != Opcodes.INVOKEINTERFACE && opcode != Opcodes.INVOKEVIRTUAL) {
            return null;
        }
        if (LOCK_CLASSES.contains(callOwner)) {
            return switch (name + descriptor) {
                case "lock()V" -> "lock";
                case "lockInterruptibly()V" -> "lockInterruptibly";
                case "tryLock()Z", "tryLock(JLjava/util/concurrent/TimeUnit;)Z" -> "tryLock";
                case "unlock()V" -> "unlock";
                case "newCondition()Ljava/util/concurrent/locks/Condition;" -> "newCondition";
                default -> null;
            };
        }
        if (CONDITION.equals(callOwner)) {
            return switch (name + descriptor) {
                case "await()V", "await(JLjava/util/concurrent/TimeUnit;)Z" -> "await";
                case "awaitUninterruptibly()V" -> "awaitUninterruptibly";
                case "awaitNanos(J)J" -> "awaitNanos";
                case "awaitUntil(Ljava/util/Date;)Z" -> "awaitUntil";
                default -> null;
            };
        }
        return null;
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        flushPending();
        source = null;
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        flushPending();
        source = null;
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        flushPending();
        source = null;
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        flushPending();
        source = null;
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, net.bytebuddy.jar.asm.Handle bsm, Object... args) {
        flushPending();
        source = null;
        super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        flushPending();
        source = null;
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        flushPending();
        source = null;
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        flushPending();
        source = null;
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
