package gilprobe.instrument;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import gilprobe.options.LockSpec;
import gilprobe.record.DispatchLoops;

/** Chooses, method by method, which rewrites apply, and chains them (see each rewriter's javadoc). */
final class ClassInstrumenter extends ClassVisitor {
    private final Plan plan;
    private final ClassScan scan;
    private final boolean firstLoad;
    private final boolean dispatch;
    private String owner;
    private boolean frames;

    ClassInstrumenter(ClassVisitor cv, Plan plan, ClassScan scan, boolean firstLoad) {
        super(Opcodes.ASM9, cv);
        this.plan = plan;
        this.scan = scan;
        this.firstLoad = firstLoad;
        this.dispatch = plan.dispatchScope(scan.className);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.owner = name;
        this.frames = (version & 0xFFFF) >= Opcodes.V1_6;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        ClassScan.MethodInfo info = scan.method(name, descriptor);
        if (info == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                || Transformer.isAdviceTarget(plan, name)) {
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        boolean convert = shouldConvertSynchronized(access, isStatic, info);
        MethodVisitor mv = super.visitMethod(convert ? access & ~Opcodes.ACC_SYNCHRONIZED : access, name, descriptor,
                signature, exceptions);
        CallSites sites = new CallSites(mv, plan, owner, name, isStatic);
        mv = sites;
        // gilprobe's own locals go after the method's: the class of a converted static synchronized
        // method, then one LoopCounter per dispatch switch
        List<Object> extraLocals = new ArrayList<>();
        int firstExtra = info.maxLocals();
        if (convert) {
            if (isStatic) {
                extraLocals.add("java/lang/Class");
            }
            mv = new SyncMethodRewriter(mv, sites, owner, isStatic, frames, firstExtra);
        }
        List<ClassScan.Switch> switches = info.dispatchSwitches();
        if (dispatch && !switches.isEmpty()) {
            int[] ids = new int[switches.size()];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = DispatchLoops.register(owner.replace('/', '.'), name, descriptor, switches.get(k).ordinal(),
                        switches.get(k).caseKeys());
            }
            mv = new DispatchCounter(mv, firstExtra + extraLocals.size(), switches, ids, plan.opcodes);
            for (int k = 0; k < ids.length; k++) {
                extraLocals.add(DispatchCounter.COUNTER);
            }
        }
        // after the locals every frame declares: the token local, live only between monitorRequest and
        // monitorAcquired (straight-line code), so no frame declares it
        sites.useTokenLocal(firstExtra + extraLocals.size());
        if (!extraLocals.isEmpty() && frames) {
            mv = new FrameExtender(mv, firstExtra, extraLocals);
        }
        return mv;
    }

    /**
     * A synchronized method's monitor wait can only be measured by making it a synchronized block, which
     * changes the method's modifiers: allowed when a class is first loaded, not when it is retransformed.
     * Static methods lock their class: worth converting when that class may be the designated monitor.
     */
    private boolean shouldConvertSynchronized(int access, boolean isStatic, ClassScan.MethodInfo info) {
        if (plan.kind != LockSpec.Kind.MONITOR || (access & Opcodes.ACC_SYNCHRONIZED) == 0 || !firstLoad) {
            return false;
        }
        if (isStatic) {
            return owner.equals(plan.classMonitor) || plan.fieldOwner != null;
        }
        return plan.fieldOwner != null && !info.storesLocal0();
    }
}
