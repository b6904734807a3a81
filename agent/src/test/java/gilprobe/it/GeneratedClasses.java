package gilprobe.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes a jar of generated classes for {@code programs.ManyClasses}, the stand-in for a large language
 * runtime: {@code gen.pNNN.CNNNNN}, 100 per package, each with a static field and a few small methods
 * that the agent has nothing to do with. Every 20th class ({@code i % 20 == 0}) also has
 * {@code static void locked(Object lock, long[] counter)}, a {@code synchronized (lock)} block (a monitor
 * the agent must instrument under {@code monitor=}), and every 250th ({@code i % 250 == 7}) a dispatch
 * loop, {@code static int dispatch(int[] code)} (a 20-case {@code tableswitch} in a loop). So the test
 * knows exactly which classes need instrumenting ({@link #needingWork}).
 *
 * <p>{@code java -cp test-classes:asm.jar gilprobe.it.GeneratedClasses <jar> <count>} writes one for the
 * measurement script ({@code scripts/attach-scale.sh}).
 */
public final class GeneratedClasses {
    private GeneratedClasses() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), Integer.parseInt(args[1]));
    }

    /** Binary name of generated class {@code i}. */
    public static String name(int i) {
        return String.format("gen.p%03d.C%05d", i / 100, i);
    }

    public static boolean hasMonitor(int i) {
        return i % 20 == 0;
    }

    public static boolean hasDispatchLoop(int i) {
        return i % 250 == 7;
    }

    /** Binary names of the generated classes with a monitor or a dispatch loop, out of {@code count}. */
    public static List<String> needingWork(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (hasMonitor(i) || hasDispatchLoop(i)) {
                names.add(name(i));
            }
        }
        return names;
    }

    /** Writes {@code count} classes into {@code jar}. */
    public static void write(Path jar, int count) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (int i = 0; i < count; i++) {
                out.putNextEntry(new JarEntry(name(i).replace('.', '/') + ".class"));
                out.write(generate(i));
                out.closeEntry();
            }
        }
    }

    static byte[] generate(int i) {
        String internal = name(i).replace('.', '/');
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internal, null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "state", "J", null, null).visitEnd();

        MethodVisitor init = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        init.visitCode();
        init.visitLdcInsn((long) i);
        init.visitFieldInsn(Opcodes.PUTSTATIC, internal, "state", "J");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        // a few methods with nothing for the agent: arithmetic, a call, a string constant
        for (int m = 0; m < 4; m++) {
            MethodVisitor f = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f" + m, "(J)J", null, null);
            f.visitCode();
            f.visitVarInsn(Opcodes.LLOAD, 0);
            f.visitLdcInsn((long) (31 + m));
            f.visitInsn(Opcodes.LMUL);
            f.visitFieldInsn(Opcodes.GETSTATIC, internal, "state", "J");
            f.visitInsn(Opcodes.LADD);
            f.visitLdcInsn(internal + "#f" + m);
            f.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "hashCode", "()I", false);
            f.visitInsn(Opcodes.I2L);
            f.visitInsn(Opcodes.LXOR);
            f.visitInsn(Opcodes.LRETURN);
            f.visitMaxs(0, 0);
            f.visitEnd();
        }
        if (hasMonitor(i)) {
            lockedMethod(cw);
        }
        if (hasDispatchLoop(i)) {
            dispatchMethod(cw);
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@code static void locked(Object lock, long[] counter) { synchronized (lock) { counter[0]++; } }}, as javac writes it. */
    private static void lockedMethod(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "locked", "(Ljava/lang/Object;[J)V", null, null);
        mv.visitCode();
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        Label handlerEnd = new Label();
        Label done = new Label();
        mv.visitTryCatchBlock(start, end, handler, null);
        mv.visitTryCatchBlock(handler, handlerEnd, handler, null);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ASTORE, 2);
        mv.visitInsn(Opcodes.MONITORENTER);
        mv.visitLabel(start);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.DUP2);
        mv.visitInsn(Opcodes.LALOAD);
        mv.visitInsn(Opcodes.LCONST_1);
        mv.visitInsn(Opcodes.LADD);
        mv.visitInsn(Opcodes.LASTORE);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitInsn(Opcodes.MONITOREXIT);
        mv.visitLabel(end);
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(handler);
        mv.visitVarInsn(Opcodes.ASTORE, 3);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitInsn(Opcodes.MONITOREXIT);
        mv.visitLabel(handlerEnd);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitLabel(done);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code static int dispatch(int[] code)}: {@code for (pc = 0;;) switch (code[pc++]) { case 0..18: acc += k; case 19: return acc; }}. */
    private static void dispatchMethod(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "dispatch", "([I)I", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, 1); // pc
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, 2); // acc
        Label loop = new Label();
        Label dflt = new Label();
        Label ret = new Label();
        Label[] cases = new Label[20];
        for (int k = 0; k < cases.length; k++) {
            cases[k] = k == 19 ? ret : new Label();
        }
        mv.visitLabel(loop);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitIincInsn(1, 1);
        mv.visitInsn(Opcodes.IALOAD);
        mv.visitTableSwitchInsn(0, 19, dflt, cases);
        for (int k = 0; k < 19; k++) {
            mv.visitLabel(cases[k]);
            mv.visitIincInsn(2, k + 1);
            mv.visitJumpInsn(Opcodes.GOTO, loop);
        }
        mv.visitLabel(dflt);
        mv.visitIincInsn(2, -1);
        mv.visitJumpInsn(Opcodes.GOTO, loop);
        mv.visitLabel(ret);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
