package gilprobe.instrument;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Turns a synchronized method into the same method with its body in a {@code synchronized} block on the
 * same monitor ({@code this}, or the class for a static method), shaped as javac shapes one: so the
 * {@link SiteNames} and {@link MonitorBracketing} downstream can name the site and measure the wait for the
 * monitor, which the JVM would otherwise take before the method's first instruction. The class visitor
 * removes {@code ACC_SYNCHRONIZED}; this is done only when a class is first loaded (retransformation may
 * not change modifiers).
 *
 * <p>Shape: {@code monitorenter} at entry; before every return {@code monitorexit}; a catch-all handler
 * covering the body except the return instructions themselves (as javac does, so HotSpot's monitor
 * matching holds) that does {@code monitorexit} and rethrows. The monitor is reloaded from local 0 (the
 * class visitor skips methods that store into local 0) or, for a static method, from a local of gilprobe's
 * holding the class: HotSpot matches monitorexit to monitorenter by the local the object came from, and
 * two {@code ldc} of the class would not match.
 */
final class SyncMethodRewriter extends MethodVisitor {
    private final SiteNames sites;
    private final MonitorBracketing monitors;
    private final String owner;
    private final boolean isStatic;
    private final boolean frames;
    /** For a static method: the local holding the class (see {@link FrameExtender}); unused otherwise. */
    private final int classLocal;
    private final List<Label[]> ranges = new ArrayList<>();
    private Label rangeStart;
    private boolean rangeHasCode;

    /** Emits into {@code sites}, which names the sites and hands them on to {@code monitors}. */
    SyncMethodRewriter(SiteNames sites, MonitorBracketing monitors, String owner, boolean isStatic, boolean frames,
                       int classLocal) {
        super(Opcodes.ASM9, sites);
        this.classLocal = classLocal;
        this.sites = sites;
        this.monitors = monitors;
        this.owner = owner;
        this.isStatic = isStatic;
        this.frames = frames;
    }

    private void pushMonitor() {
        if (isStatic) {
            super.visitVarInsn(Opcodes.ALOAD, classLocal);
        } else {
            super.visitVarInsn(Opcodes.ALOAD, 0);
        }
    }

    @Override
    public void visitCode() {
        super.visitCode();
        if (isStatic) {
            super.visitLdcInsn(Type.getObjectType(owner));
            super.visitVarInsn(Opcodes.ASTORE, classLocal);
        }
        pushMonitor();
        sites.nextMonitorIsSynchronizedMethod();
        super.visitInsn(Opcodes.MONITORENTER);
        rangeStart = new Label();
        super.visitLabel(rangeStart);
        rangeHasCode = false;
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            pushMonitor();
            super.visitInsn(Opcodes.MONITOREXIT);
            closeRange(true);
            super.visitInsn(opcode);
            rangeStart = new Label();
            super.visitLabel(rangeStart);
            rangeHasCode = false;
            return;
        }
        rangeHasCode = true;
        super.visitInsn(opcode);
    }

    private void closeRange(boolean hasCode) {
        Label end = new Label();
        super.visitLabel(end);
        if (hasCode) {
            ranges.add(new Label[] {rangeStart, end});
        }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        closeRange(rangeHasCode);
        Label handler = new Label();
        super.visitLabel(handler);
        if (frames) {
            Object[] locals = isStatic ? FrameExtender.padded(classLocal, new Object[0], "java/lang/Class")
                    : new Object[] {owner};
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        }
        pushMonitor();
        // shaped as javac shapes it: the clock read and monitorexit inside a range the handler covers
        // itself, the probe call after it (a call in a self-covered block is what C1 declines to compile)
        monitors.stampThenExit();
        Label handlerEnd = new Label();
        super.visitLabel(handlerEnd);
        monitors.releasedAfterExitCall();
        super.visitInsn(Opcodes.ATHROW);
        for (Label[] r : ranges) {
            super.visitTryCatchBlock(r[0], r[1], handler, null);
        }
        super.visitTryCatchBlock(handler, handlerEnd, handler, null);
        super.visitMaxs(maxStack + 4, maxLocals);
    }

    // Any instruction of the original body puts code in the current range.
    @Override
    public void visitVarInsn(int opcode, int var) {
        rangeHasCode = true;
        super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        rangeHasCode = true;
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        rangeHasCode = true;
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String o, String name, String descriptor) {
        rangeHasCode = true;
        super.visitFieldInsn(opcode, o, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String o, String name, String descriptor, boolean isInterface) {
        rangeHasCode = true;
        super.visitMethodInsn(opcode, o, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, net.bytebuddy.jar.asm.Handle bsm, Object... args) {
        rangeHasCode = true;
        super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        rangeHasCode = true;
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        rangeHasCode = true;
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        rangeHasCode = true;
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        rangeHasCode = true;
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        rangeHasCode = true;
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        rangeHasCode = true;
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
