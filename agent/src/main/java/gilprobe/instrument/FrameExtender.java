package gilprobe.instrument;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Adds gilprobe's own locals to every stack map frame of a method. They are appended at the method's
 * original {@code max_locals}, so no local of the method moves, and they are assigned in a prologue
 * before the first instruction of the original code and never change, so each frame can declare them
 * (after padding the method's own locals with TOP). The class reader expands frames for this visitor.
 */
final class FrameExtender extends MethodVisitor {
    private final int firstLocal;
    private final Object[] types;

    FrameExtender(MethodVisitor mv, int firstLocal, List<Object> types) {
        super(Opcodes.ASM9, mv);
        this.firstLocal = firstLocal;
        this.types = types.toArray();
    }

    /** The locals of a frame that has only {@code types} beyond TOP up to {@code firstLocal}. */
    static Object[] padded(int firstLocal, Object[] leading, Object... extra) {
        int slots = 0;
        for (Object l : leading) {
            slots += l == Opcodes.LONG || l == Opcodes.DOUBLE ? 2 : 1;
        }
        int pad = Math.max(0, firstLocal - slots);
        Object[] out = new Object[leading.length + pad + extra.length];
        System.arraycopy(leading, 0, out, 0, leading.length);
        for (int i = 0; i < pad; i++) {
            out[leading.length + i] = Opcodes.TOP;
        }
        System.arraycopy(extra, 0, out, leading.length + pad, extra.length);
        return out;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (type != Opcodes.F_NEW) {
            throw new IllegalStateException("unexpanded frame");
        }
        Object[] leading = new Object[numLocal];
        System.arraycopy(local, 0, leading, 0, numLocal);
        Object[] extended = padded(firstLocal, leading, types);
        super.visitFrame(type, extended.length, extended, numStack, stack);
    }

    /** Slots the frame types take: two for a long or a double, one for the others. */
    static int slots(Object[] types) {
        int n = 0;
        for (Object t : types) {
            n += t == Opcodes.LONG || t == Opcodes.DOUBLE ? 2 : 1;
        }
        return n;
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack, Math.max(maxLocals, firstLocal + slots(types)));
    }
}
