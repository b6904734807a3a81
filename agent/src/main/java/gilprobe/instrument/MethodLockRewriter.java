package gilprobe.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Wraps a designated acquire or release method ({@code acquire=}/{@code release=}) in probe calls:
 * at entry {@code Probes.methodAcquireEnter()} (or {@code methodReleaseEnter()}), whose token goes to a
 * local of gilprobe's assigned before the original code (so every stack map frame declares it, see
 * {@link FrameExtender}); before every return, and in a catch-all handler appended after every handler
 * of the method's own (so its own {@code try}/{@code catch} keep precedence), the matching exit probe,
 * then the return or the rethrow. An acquire method that returns a {@code boolean} passes it as "acquired";
 * one that throws did not acquire.
 *
 * <p>Plain ASM rather than Byte Buddy's {@code Advice}: building {@code Advice} parses the advice classes
 * with a type pool at agent start-up, hundreds of classes and compilations that delay the target's JIT.
 */
final class MethodLockRewriter extends MethodVisitor {
    enum Role {
        ACQUIRE, RELEASE
    }

    private final Role role;
    /** The designation's index: 0 calls the probes without it (the first lock), others pass it. */
    private final int designation;
    private final int tokenLocal;
    private final Type returnType;
    private final Object[] handlerLocals;
    private final boolean frames;
    private final Label start = new Label();

    /**
     * @param handlerLocals the locals of the catch-all handler's frame: the method's parameters, padded,
     *                      then gilprobe's locals (ending with the token); ignored without frames
     */
    MethodLockRewriter(MethodVisitor mv, Role role, int designation, String descriptor, int tokenLocal,
                       Object[] handlerLocals, boolean frames) {
        super(Opcodes.ASM9, mv);
        this.role = role;
        this.designation = designation;
        this.tokenLocal = tokenLocal;
        this.returnType = Type.getReturnType(descriptor);
        this.handlerLocals = handlerLocals;
        this.frames = frames;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        String enter = role == Role.ACQUIRE ? "methodAcquireEnter" : "methodReleaseEnter";
        if (designation == 0) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, enter, "()Ljava/lang/Object;", false);
        } else {
            super.visitIntInsn(Opcodes.BIPUSH, designation);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, enter, "(I)Ljava/lang/Object;", false);
        }
        super.visitVarInsn(Opcodes.ASTORE, tokenLocal);
        super.visitLabel(start);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (role == Role.ACQUIRE && returnType.getSort() == Type.BOOLEAN) {
                // the boolean returned says whether it acquired: [z] -> [z z] -> [z T z] -> exit(T, z) -> [z]
                super.visitInsn(Opcodes.DUP);
                super.visitVarInsn(Opcodes.ALOAD, tokenLocal);
                super.visitInsn(Opcodes.SWAP);
            } else {
                super.visitVarInsn(Opcodes.ALOAD, tokenLocal);
                if (role == Role.ACQUIRE) {
                    super.visitInsn(Opcodes.ICONST_1);
                }
            }
            exitProbe();
        }
        super.visitInsn(opcode);
    }

    private void exitProbe() {
        if (role == Role.ACQUIRE) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "methodAcquireExit", "(Ljava/lang/Object;Z)V", false);
        } else {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "methodReleaseExit", "(Ljava/lang/Object;)V", false);
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        Label end = new Label();
        Label handler = new Label();
        super.visitLabel(end);
        super.visitTryCatchBlock(start, end, handler, null);
        super.visitLabel(handler);
        if (frames) {
            super.visitFrame(Opcodes.F_NEW, handlerLocals.length, handlerLocals, 1, new Object[] {"java/lang/Throwable"});
        }
        // [thrown] -> [thrown T (false)] -> exit -> [thrown] -> athrow
        super.visitVarInsn(Opcodes.ALOAD, tokenLocal);
        if (role == Role.ACQUIRE) {
            super.visitInsn(Opcodes.ICONST_0);
        }
        exitProbe();
        super.visitInsn(Opcodes.ATHROW);
        super.visitMaxs(maxStack, maxLocals);
    }
}
