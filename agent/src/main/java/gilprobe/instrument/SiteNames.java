package gilprobe.instrument;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import gilprobe.record.Suggestions;

/**
 * Names the site of every {@code monitorenter} of a method (monitor kind) and registers it
 * ({@link Suggestions#register}), so that a report whose designated lock was never acquired can suggest the
 * monitors the program did use: which option would designate the monitor ({@code monitor=a.B.f},
 * {@code monitor=a.B}, or none for {@code this} and locals) and where the site is
 * ({@code synchronized block a.B.run:12}). The {@code monitorenter} itself goes on, with its site id, to
 * {@link MonitorBracketing#monitorEnter}; every other event passes unchanged.
 *
 * <p>The monitor is named from the instructions that pushed it, as javac emits them: a field read
 * ({@code getstatic}/{@code getfield}), a class literal ({@code ldc}), or {@code aload_0} in an instance
 * method ({@code this}), possibly followed by {@code dup} and {@code astore} of the copy it releases later.
 * Any other instruction forgets the monitor's source. A synchronized method turned into a block
 * ({@link SyncMethodRewriter}) says so first ({@link #nextMonitorIsSynchronizedMethod}).
 */
final class SiteNames extends MethodVisitor {
    private final MonitorBracketing monitors;
    private final String owner;
    private final String methodName;
    private final boolean isStatic;
    /** What pushed the value on top of the stack: "monitor=..." (a field or class), "this", or null. */
    private String source;
    private String forcedSite;
    private int line = -1;

    SiteNames(MonitorBracketing monitors, String owner, String methodName, boolean isStatic) {
        super(Opcodes.ASM9, monitors);
        this.monitors = monitors;
        this.owner = owner;
        this.methodName = methodName;
        this.isStatic = isStatic;
    }

    /** The next {@code monitorenter} is the one of a synchronized method: describe its site so. */
    void nextMonitorIsSynchronizedMethod() {
        forcedSite = isStatic ? "static synchronized" : "synchronized method";
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode == Opcodes.MONITORENTER) {
            monitors.monitorEnter(registerSite());
        } else {
            super.visitInsn(opcode);
        }
        if (opcode != Opcodes.DUP) {
            source = null;
        }
    }

    /** Registers the site of the {@code monitorenter} at hand; returns its id. */
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

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
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
        source = value instanceof Type t && t.getSort() == Type.OBJECT ? "monitor=" + t.getClassName() : null;
        super.visitLdcInsn(value);
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
        super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        boolean reference = descriptor.startsWith("L") || descriptor.startsWith("[");
        source = reference && (opcode == Opcodes.GETSTATIC || opcode == Opcodes.GETFIELD)
                ? "monitor=" + fieldOwner.replace('/', '.') + "." + name : null;
    }

    // Every other instruction: the value on top is not a named monitor.

    @Override
    public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor, boolean isInterface) {
        source = null;
        super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        source = null;
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        source = null;
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        source = null;
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        source = null;
        super.visitIincInsn(var, increment);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
        source = null;
        super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        source = null;
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        source = null;
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        source = null;
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
