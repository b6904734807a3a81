package gilprobe.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Shows the probes which object is the designated lock: every value read from or written to the designated
 * field ({@code monitor=a.B.f}, {@code lock=a.B.f}), and every class literal of the designated class
 * ({@code monitor=a.B}: {@code synchronized (B.class)}, and B's static synchronized methods once they are
 * blocks), is passed to {@code Probes.designate} as it goes by ({@code dup; invokestatic designate}), before
 * a write and after a read. Nothing else changes (and nothing at all with a lock made of methods, which is
 * designated by its methods' names).
 */
final class DesignateCalls extends MethodVisitor {
    private final Plan plan;

    DesignateCalls(MethodVisitor mv, Plan plan) {
        super(Opcodes.ASM9, mv);
        this.plan = plan;
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
        boolean reference = descriptor.startsWith("L") || descriptor.startsWith("[");
        int designation = reference ? plan.fieldDesignation(fieldOwner, name) : -1;
        if (designation >= 0 && (opcode == Opcodes.PUTSTATIC || opcode == Opcodes.PUTFIELD)) {
            designateTopOfStack(designation);
        }
        super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        if (designation >= 0 && (opcode == Opcodes.GETSTATIC || opcode == Opcodes.GETFIELD)) {
            designateTopOfStack(designation);
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        super.visitLdcInsn(value);
        if (value instanceof Type t && t.getSort() == Type.OBJECT) {
            int designation = plan.classMonitorDesignation(t.getInternalName());
            if (designation >= 0) {
                designateTopOfStack(designation);
            }
        }
    }

    /** [value] -> [value], the value shown to the probes as an object of designated lock {@code designation}. */
    private void designateTopOfStack(int designation) {
        super.visitInsn(Opcodes.DUP);
        if (designation == 0) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "designate", "(Ljava/lang/Object;)V", false);
        } else {
            super.visitIntInsn(Opcodes.BIPUSH, designation);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "designate", "(Ljava/lang/Object;I)V", false);
        }
    }
}
