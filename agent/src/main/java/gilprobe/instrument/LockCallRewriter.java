package gilprobe.instrument;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

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

    LockCallRewriter(MethodVisitor mv, LockTypes.Of lockTypes) {
        super(Opcodes.ASM9, mv);
        this.lockTypes = lockTypes;
    }

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
        String probe = lockProbe(opcode, callOwner, name, descriptor);
        if (probe != null) {
            String receiver = CONDITION.equals(callOwner) ? "L" + CONDITION + ";" : "L" + LOCK + ";";
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, probe, "(" + receiver + descriptor.substring(1), false);
            return;
        }
        super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
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
