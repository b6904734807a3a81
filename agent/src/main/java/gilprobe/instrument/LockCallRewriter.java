package gilprobe.instrument;

import java.util.List;
import java.util.Set;

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
 * {@code Condition}, and {@code invokevirtual} on the JDK classes that implement {@code Lock} (which is how
 * javac calls a field declared as {@code ReentrantLock}).
 */
final class LockCallRewriter extends MethodVisitor {
    private static final String LOCK = "java/util/concurrent/locks/Lock";
    private static final String CONDITION = "java/util/concurrent/locks/Condition";
    /** JDK classes known to implement Lock, whose calls javac emits as invokevirtual. */
    private static final Set<String> LOCK_CLASSES = Set.of(LOCK,
            "java/util/concurrent/locks/ReentrantLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock");
    /**
     * The names of every call rewritten here: a class that references no member of these names has no
     * such call ({@link Transformer} skips it without reading its code).
     */
    static final List<String> CALL_NAMES = List.of("lock", "unlock", "tryLock", "lockInterruptibly",
            "newCondition", "await", "awaitNanos", "awaitUninterruptibly", "awaitUntil");

    LockCallRewriter(MethodVisitor mv) {
        super(Opcodes.ASM9, mv);
    }

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
        String probe = lockProbe(opcode, callOwner, name, descriptor);
        if (probe != null) {
            String receiver = LOCK_CLASSES.contains(callOwner) ? "L" + LOCK + ";" : "L" + CONDITION + ";";
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, probe, "(" + receiver + descriptor.substring(1), false);
            return;
        }
        super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
    }

    /** The probe that replaces this call, or null. */
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
}
