package gilprobe.instrument;

import java.util.List;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import gilprobe.record.Suggestions;

/**
 * Replaces the calls on a {@code java.util.concurrent.locks.Lock} and its {@code Condition}s (lock kind) by
 * the probe of the same name, which takes the receiver as its first argument and makes the call itself
 * ({@code lock}, {@code lockInterruptibly}, {@code tryLock} timed or not, {@code unlock},
 * {@code newCondition}; {@code await} timed or not, {@code awaitNanos}, {@code awaitUninterruptibly},
 * {@code awaitUntil}). The probe's descriptor is the call's with the receiver prepended, so the stack is
 * used as it is. For any other receiver than the designated lock, a probe costs an identity comparison.
 *
 * <p>Calls are recognised by owner and signature: {@code invokeinterface} on {@code Lock} or
 * {@code Condition}, and {@code invokevirtual} on any class that implements {@code Lock} (which is how
 * javac calls a field declared as {@code ReentrantLock}, as a subclass of it, or as a program's own
 * {@code Lock} class; see {@link LockTypes}). {@code invokespecial} ({@code super.lock()} inside an
 * overriding {@code lock()}) is left alone: the outer call is the one measured.
 *
 * <p>With {@code find=true} each call becomes the probe's find variant, {@code findLock(lock, site)} and so on:
 * a request ({@code lock}, {@code lockInterruptibly}, {@code tryLock}, {@code newCondition}) passes a site
 * registered with {@link Suggestions} whose option names the lock when a field read pushed the receiver right
 * before the call ({@code getfield a/B.f; invoke lock()} is {@code lock=a.B.f}; for {@code tryLock(time, unit)}
 * with a long and a {@code TimeUnit} pushed in between), else "" (its objects are then grouped by class);
 * {@code unlock} passes a release site. Without find, nothing of this is emitted and the output is as before.
 */
final class LockCallRewriter extends MethodVisitor {
    private static final String LOCK = LockTypes.LOCK;
    private static final String CONDITION = "java/util/concurrent/locks/Condition";
    /**
     * The names of every call rewritten here: a class that references no member of these names has no
     * such call ({@link Transformer} skips it without reading its code).
     */
    static final List<String> CALL_NAMES = List.of("lock", "unlock", "tryLock", "lockInterruptibly",
            "newCondition", "await", "awaitNanos", "awaitUninterruptibly", "awaitUntil");

    private final LockTypes.Of lockTypes;
    /**
     * {@code find=true}: the probes are the find variants ({@code findLock}, ...), which take the call's
     * site as one more, last, argument (a request site registered with its receiver's source: a field read
     * right before the call names the lock, {@code lock=a.B.f}) or a release site ({@code findUnlock}).
     */
    private final boolean find;
    private final String owner;
    private final String methodName;
    /** find: what pushed the receiver of a call made now, {@code lock=a.B.f}, or null (see {@link #stage}). */
    private String source;
    /** find: 0: the receiver is on top; 1: a long above it; 2: a long and a TimeUnit above it (tryLock(time, unit)). */
    private int stage;
    private int line = -1;

    LockCallRewriter(MethodVisitor mv, LockTypes.Of lockTypes) {
        this(mv, lockTypes, false, null, null);
    }

    /** {@code owner} and {@code methodName} name the sites of {@code find}. */
    LockCallRewriter(MethodVisitor mv, LockTypes.Of lockTypes, boolean find, String owner, String methodName) {
        super(Opcodes.ASM9, mv);
        this.lockTypes = lockTypes;
        this.find = find;
        this.owner = owner;
        this.methodName = methodName;
    }

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
        String probe = lockProbe(opcode, callOwner, name, descriptor);
        if (probe != null && find) {
            findCall(probe, callOwner, name, descriptor);
            return;
        }
        forget();
        if (probe != null) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, probe,
                    "(" + receiverType(callOwner) + descriptor.substring(1), false);
            return;
        }
        super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
    }

    /** The descriptor type of a probe's first argument, the call's receiver: a {@code Condition} or a {@code Lock}. */
    private static String receiverType(String callOwner) {
        return CONDITION.equals(callOwner) ? "L" + CONDITION + ";" : "L" + LOCK + ";";
    }

    /** find: the call as its find probe, with its site pushed last (a condition's await takes none). */
    private void findCall(String probe, String callOwner, String name, String descriptor) {
        boolean condition = CONDITION.equals(callOwner);
        String receiver = receiverType(callOwner);
        String findProbe = "find" + Character.toUpperCase(probe.charAt(0)) + probe.substring(1);
        int close = descriptor.indexOf(')');
        String probeDescriptor = "(" + receiver + descriptor.substring(1, close) + (condition ? "" : "I") + descriptor.substring(close);
        if (!condition) {
            int site;
            if (probe.equals("unlock")) {
                site = gilprobe.record.Candidates.newReleaseSite();
            } else {
                boolean timed = descriptor.startsWith("(J");
                String option = source != null && stage == (timed ? 2 : 0) ? source : "";
                site = Suggestions.register(option, name + "() " + owner.replace('/', '.') + "." + methodName
                        + (line >= 0 ? ":" + line : ""));
            }
            if (site <= Short.MAX_VALUE) {
                super.visitIntInsn(Opcodes.SIPUSH, site);
            } else {
                super.visitLdcInsn(site);
            }
        }
        forget();
        super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, findProbe, probeDescriptor, false);
    }

    // ---- find: the receiver's source, as SiteNames tracks a monitor's (a field read right before the call)

    private void forget() {
        source = null;
        stage = 0;
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
        super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        if (!find) {
            return;
        }
        boolean unit = opcode == Opcodes.GETSTATIC && fieldOwner.equals("java/util/concurrent/TimeUnit")
                && source != null && stage == 1;
        if (unit) {
            stage = 2;
        } else if (descriptor.startsWith("L") && (opcode == Opcodes.GETSTATIC || opcode == Opcodes.GETFIELD)) {
            source = "lock=" + fieldOwner.replace('/', '.') + "." + name;
            stage = 0;
        } else {
            forget();
        }
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        super.visitVarInsn(opcode, var);
        if (source != null && stage == 0 && opcode == Opcodes.LLOAD) {
            stage = 1;
        } else if (source != null && stage == 1 && opcode == Opcodes.ALOAD) {
            stage = 2;
        } else {
            forget();
        }
    }

    @Override
    public void visitInsn(int opcode) {
        super.visitInsn(opcode);
        if (source != null && stage == 0 && (opcode == Opcodes.LCONST_0 || opcode == Opcodes.LCONST_1)) {
            stage = 1;
        } else {
            forget();
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        super.visitLdcInsn(value);
        if (source != null && stage == 0 && value instanceof Long) {
            stage = 1;
        } else {
            forget();
        }
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        forget();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        forget();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        forget();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLabel(Label label) {
        forget();
        super.visitLabel(label);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        forget();
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
        forget();
        super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        forget();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        forget();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        forget();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    /** The probe that replaces this call, or null. */
    private String lockProbe(int opcode, String callOwner, String name, String descriptor) {
        if (opcode != Opcodes.INVOKEINTERFACE && opcode != Opcodes.INVOKEVIRTUAL) {
            return null;
        }
        String lockProbe = switch (name + descriptor) {
            case "lock()V" -> "lock";
            case "lockInterruptibly()V" -> "lockInterruptibly";
            case "tryLock()Z", "tryLock(JLjava/util/concurrent/TimeUnit;)Z" -> "tryLock";
            case "unlock()V" -> "unlock";
            case "newCondition()Ljava/util/concurrent/locks/Condition;" -> "newCondition";
            default -> null;
        };
        if (lockProbe != null && !CONDITION.equals(callOwner)) {
            // the name and descriptor first: only a call that looks like a Lock call asks about its owner
            return lockTypes.isLock(callOwner) ? lockProbe : null;
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
}
