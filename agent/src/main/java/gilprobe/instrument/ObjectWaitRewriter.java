package gilprobe.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Replaces every {@code Object.wait} call (monitor kind) by the probe {@code Probes.objectWait}, which takes
 * the receiver as its first argument and makes the call itself: {@code wait()} on the designated monitor ends
 * the hold, and its return starts a new one (docs/design.md, "hold time"). {@code Object.wait} is final, so
 * whatever class javac names as the call's owner, the call runs {@code Object.wait}; the probe's descriptor
 * is the call's with the receiver prepended, so the stack is used as it is.
 */
final class ObjectWaitRewriter extends MethodVisitor {
    /** {@code find=true}: the probe is {@code Probes.findObjectWait}, with the call's site as a last argument. */
    private final boolean find;

    ObjectWaitRewriter(MethodVisitor mv) {
        this(mv, false);
    }

    ObjectWaitRewriter(MethodVisitor mv, boolean find) {
        super(Opcodes.ASM9, mv);
        this.find = find;
    }

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
        if (opcode == Opcodes.INVOKEVIRTUAL && name.equals("wait")
                && (descriptor.equals("()V") || descriptor.equals("(J)V") || descriptor.equals("(JI)V"))) {
            if (find) {
                // its site, numbered as a release site: the monitor is found through the site's cache
                int site = gilprobe.record.Candidates.newReleaseSite();
                if (site <= Short.MAX_VALUE) {
                    super.visitIntInsn(Opcodes.SIPUSH, site);
                } else {
                    super.visitLdcInsn(site);
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "findObjectWait",
                        "(Ljava/lang/Object;" + descriptor.substring(1, descriptor.indexOf(')')) + "I)V", false);
                return;
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "objectWait", "(Ljava/lang/Object;" + descriptor.substring(1), false);
            return;
        }
        super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
    }
}
