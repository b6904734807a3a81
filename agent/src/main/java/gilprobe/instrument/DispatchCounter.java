package gilprobe.instrument;

import java.util.List;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Counts ticks of the dispatch switches of one method. At method entry the thread's
 * {@code LoopCounter} of each loop is fetched once ({@code Probes.loopCounter}, one ThreadLocal lookup
 * per call of the method) into a new local appended after the method's own locals; right before each
 * dispatch switch the tick is one field increment, {@code counter.ticks++}, with no call.
 *
 * <p>The counters live in locals appended after the method's own ({@link FrameExtender} declares them in
 * every frame).
 */
final class DispatchCounter extends MethodVisitor {
    static final String COUNTER = "gilprobe/record/LoopCounter";

    private final int firstLocal;
    private final List<ClassScan.Switch> switches;
    private final int[] loopIds;
    private final boolean opcodes;
    private int ordinal;

    DispatchCounter(MethodVisitor mv, int firstLocal, List<ClassScan.Switch> switches, int[] loopIds,
                    boolean opcodes) {
        super(Opcodes.ASM9, mv);
        this.firstLocal = firstLocal;
        this.switches = switches;
        this.loopIds = loopIds;
        this.opcodes = opcodes;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        for (int k = 0; k < switches.size(); k++) {
            pushInt(loopIds[k]);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "loopCounter", "(I)L" + COUNTER + ";", false);
            super.visitVarInsn(Opcodes.ASTORE, firstLocal + k);
        }
    }

    private void pushInt(int v) {
        if (v <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, v);
        } else {
            super.visitLdcInsn(v);
        }
    }

    private void beforeSwitch() {
        int current = ordinal++;
        for (int k = 0; k < switches.size(); k++) {
            if (switches.get(k).ordinal() == current) {
                int local = firstLocal + k;
                if (opcodes) {
                    super.visitInsn(Opcodes.DUP);
                    super.visitVarInsn(Opcodes.ALOAD, local);
                    super.visitInsn(Opcodes.SWAP);
                    pushInt(loopIds[k]);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, ProbeClasses.PROBES, "opcode", "(L" + COUNTER + ";II)V", false);
                }
                super.visitVarInsn(Opcodes.ALOAD, local);
                super.visitInsn(Opcodes.DUP);
                super.visitFieldInsn(Opcodes.GETFIELD, COUNTER, "ticks", "J");
                super.visitInsn(Opcodes.LCONST_1);
                super.visitInsn(Opcodes.LADD);
                super.visitFieldInsn(Opcodes.PUTFIELD, COUNTER, "ticks", "J");
                return;
            }
        }
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        beforeSwitch();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        beforeSwitch();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + 6, Math.max(maxLocals, firstLocal + switches.size()));
    }
}
