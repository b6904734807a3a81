package gilprobe.instrument;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import gilprobe.options.LockSpec;
import gilprobe.record.DispatchLoops;

/**
 * Chooses, method by method, which rewrites apply, and chains them (see each rewriter's javadoc). Events
 * flow from the class reader through, in this order, the ones that apply:
 * <pre>
 *   FrameExtender -> DispatchCounter -> SyncMethodRewriter -> SiteNames -> MonitorBracketing
 *       -> DesignateCalls -> ObjectWaitRewriter | LockCallRewriter -> class writer
 * </pre>
 * (with {@code find=true}: {@code ... MonitorBracketing -> LockCallRewriter -> DesignateCalls ->
 * ObjectWaitRewriter -> class writer}, each emitting its find probes),
 * or, for a designated acquire or release method, {@code FrameExtender -> MethodLockRewriter}. The order
 * matters: {@link SiteNames} must see the method's own instructions (and those of the rewrites before it),
 * never the probe calls emitted after it.
 */
final class ClassInstrumenter extends ClassVisitor {
    private final Plan plan;
    private final ClassScan scan;
    private final boolean firstLoad;
    private final boolean dispatch;
    /** The methods designations this class is the class (or a subtype) of: their acquire/release methods get wrapped. */
    private final List<Plan.Designation> methodsLocks;
    private String owner;
    private boolean frames;

    /** Which call owners are {@code Lock}s, for this class's loader. */
    private final LockTypes.Of lockTypes;

    ClassInstrumenter(ClassVisitor cv, Plan plan, ClassScan scan, boolean firstLoad, List<Plan.Designation> methodsLocks,
                      LockTypes.Of lockTypes) {
        super(Opcodes.ASM9, cv);
        this.plan = plan;
        this.scan = scan;
        this.firstLoad = firstLoad;
        this.methodsLocks = methodsLocks;
        this.lockTypes = lockTypes;
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
        if (info == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        if (plan.isMethodsLockName(name)) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (name.startsWith("<")) {
                return mv;
            }
            for (Plan.Designation d : methodsLocks) {
                if (name.equals(d.acquireMethod) || name.equals(d.releaseMethod)) {
                    return wrapMethodsLock(mv, access, name, descriptor, info, d);
                }
            }
            return mv;
        }
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        boolean convert = shouldConvertSynchronized(access, isStatic, info);
        MethodVisitor mv = super.visitMethod(convert ? access & ~Opcodes.ACC_SYNCHRONIZED : access, name, descriptor,
                signature, exceptions);
        mv = rewriteCalls(mv, name);
        MonitorBracketing monitors = null;
        SiteNames sites = null;
        if (plan.monitors) {
            monitors = new MonitorBracketing(mv, owner, name, plan.find);
            sites = new SiteNames(monitors, owner, name, isStatic);
            mv = sites;
        }
        // gilprobe's own locals go after the method's: the class of a converted static synchronized
        // method, then one LoopCounter per dispatch switch
        List<Object> extraLocals = new ArrayList<>();
        int firstExtra = info.maxLocals();
        if (convert) {
            if (isStatic) {
                extraLocals.add("java/lang/Class");
            }
            mv = new SyncMethodRewriter(sites, monitors, owner, isStatic, frames, firstExtra);
        }
        List<ClassScan.Switch> switches = info.dispatchSwitches();
        if (dispatch && !switches.isEmpty()) {
            int[] ids = new int[switches.size()];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = DispatchLoops.register(owner.replace('/', '.'), name, descriptor, switches.get(k).ordinal(),
                        switches.get(k).caseKeys());
            }
            boolean trampolines = DispatchCounter.trampolinesFit(info.codeLength(), switches);
            boolean localTicks = DispatchCounter.localTicksFit(info, switches, convert, plan.opcodes, trampolines);
            DispatchCounter counter = new DispatchCounter(mv, firstExtra + extraLocals.size(), switches, ids, plan.opcodes,
                    trampolines, localTicks, frames);
            extraLocals.addAll(counter.appendedLocals());
            mv = counter;
        }
        if (monitors != null) {
            // after the locals every frame declares: the token local, live only between monitorRequest and
            // monitorAcquired (straight-line code), so no frame declares it
            monitors.useTokenLocal(firstExtra + FrameExtender.slots(extraLocals.toArray()));
        }
        if (!extraLocals.isEmpty() && frames) {
            mv = new FrameExtender(mv, firstExtra, extraLocals);
        }
        return mv;
    }

    /**
     * The calls replaced by probes, and the designated lock shown to the probes, for any method. With a
     * lock made of methods nothing here applies, but the method still passes through a visitor: ASM copies
     * a method whose visitor is the class writer itself byte for byte (attributes in javac's order) instead
     * of writing it anew as it writes every other method, and the output of the rewrites is kept as it is.
     */
    private MethodVisitor rewriteCalls(MethodVisitor mv, String methodName) {
        if (plan.find) {
            // the Lock calls' rewriter first: it names a call's receiver from the field read right before it,
            // which DesignateCalls may follow with a call of its own
            MethodVisitor calls = new DesignateCalls(new ObjectWaitRewriter(mv, true), plan);
            return new LockCallRewriter(calls, lockTypes, true, owner, methodName);
        }
        MethodVisitor calls = mv;
        if (plan.locks) {
            calls = new LockCallRewriter(calls, lockTypes);
        }
        if (plan.monitors) {
            calls = new ObjectWaitRewriter(calls);
        }
        return new DesignateCalls(calls, plan);
    }

    /** A designated acquire or release method: entry and exits wrapped in probes ({@link MethodLockRewriter}). */
    private MethodVisitor wrapMethodsLock(MethodVisitor mv, int access, String name, String descriptor,
                                          ClassScan.MethodInfo info, Plan.Designation d) {
        int token = info.maxLocals();
        MethodLockRewriter.Role role = name.equals(d.acquireMethod)
                ? MethodLockRewriter.Role.ACQUIRE : MethodLockRewriter.Role.RELEASE;
        Object[] handlerLocals = FrameExtender.padded(token, parameterFrameTypes(access, descriptor), "java/lang/Object");
        mv = new MethodLockRewriter(mv, role, d.index, descriptor, token, handlerLocals, frames);
        return frames ? new FrameExtender(mv, token, List.of("java/lang/Object")) : mv;
    }

    /** The frame types of a method's parameters (with {@code this}), as a frame at its entry lists them. */
    private Object[] parameterFrameTypes(int access, String descriptor) {
        List<Object> types = new ArrayList<>();
        if ((access & Opcodes.ACC_STATIC) == 0) {
            types.add(owner);
        }
        for (Type t : Type.getArgumentTypes(descriptor)) {
            switch (t.getSort()) {
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> types.add(Opcodes.INTEGER);
                case Type.LONG -> types.add(Opcodes.LONG);
                case Type.FLOAT -> types.add(Opcodes.FLOAT);
                case Type.DOUBLE -> types.add(Opcodes.DOUBLE);
                case Type.ARRAY -> types.add(t.getDescriptor());
                default -> types.add(t.getInternalName());
            }
        }
        return types.toArray();
    }

    /**
     * A synchronized method's monitor wait can only be measured by making it a synchronized block, which
     * changes the method's modifiers: allowed when a class is first loaded, not when it is retransformed.
     * Static methods lock their class: worth converting when that class may be the designated monitor.
     */
    private boolean shouldConvertSynchronized(int access, boolean isStatic, ClassScan.MethodInfo info) {
        if (!plan.monitors || (access & Opcodes.ACC_SYNCHRONIZED) == 0 || !firstLoad) {
            return false;
        }
        if (isStatic) {
            return plan.classMonitorDesignation(owner) >= 0 || plan.monitorFields;
        }
        return plan.monitorFields && !info.storesLocal0();
    }
}
