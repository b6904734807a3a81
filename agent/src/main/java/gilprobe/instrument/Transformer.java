package gilprobe.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

import gilprobe.options.AgentOptions;
import gilprobe.options.LockSpec;
import gilprobe.probe.Failures;
import gilprobe.probe.Probes;
import gilprobe.record.Designated;
import gilprobe.record.Recording;

/**
 * The agent's one {@link ClassFileTransformer}. For each class: the classes never touched
 * ({@link NeverInstrumented}) and those loaded by the transformer's own work ({@link ReentryGuard}) pass
 * untouched; the others get a cheap scan of their bytes ({@link ClassScan}), and a class with nothing to
 * instrument is returned untouched ({@code null}) without any ASM model being built. Classes that need
 * work are rewritten with ASM visitors ({@link ClassInstrumenter}); nothing here builds a type pool or
 * spins method handles, so the agent's start-up leaves the JIT to the target. A class that cannot be
 * instrumented is reported once ({@link Failures}) and left unchanged.
 */
public final class Transformer implements ClassFileTransformer {
    private final Plan plan;
    private final Instrumentation instrumentation;
    /** A class loaded by the transformer's own work passes through untouched. */
    private final ReentryGuard guard = new ReentryGuard();
    /** Classes that could not be instrumented, so that each is reported once. */
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    /** Methods already warned about by {@link #warnIfGrownPastCompileLimit}. */
    private final Set<String> hugeWarned = ConcurrentHashMap.newKeySet();
    /** Internal names of every class this transformer changed (for {@code stop}: they get retransformed back). */
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    /** Each designation's own class is checked once, when first seen (see {@link DesignationCheck}). */
    private final Set<Integer> designationsChecked = ConcurrentHashMap.newKeySet();
    private final Set<Module> readsAdded = ConcurrentHashMap.newKeySet();
    private final Module probesModule = Probes.class.getModule();
    private final Set<String> lockClasses;
    /** Which call owners are {@code Lock} types, per loader (lock= designations only). */
    private final LockTypes lockTypes = new LockTypes();

    public Transformer(AgentOptions options, Instrumentation instrumentation) {
        this.plan = new Plan(options);
        // a loop, not a stream: this runs in premain, where every lambda spins a class
        Set<String> names = new HashSet<>();
        for (Plan.Designation d : plan.designations) {
            for (String n : new String[] {d.fieldOwner, d.classMonitor, d.methodsOwner}) {
                if (n != null) {
                    names.add(n);
                }
            }
        }
        this.lockClasses = Set.copyOf(names);
        this.instrumentation = instrumentation;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        if (className == null || bytes == null || NeverInstrumented.contains(loader, className) || !guard.enter()) {
            return null;
        }
        try {
            byte[] out = instrument(module, loader, className, classBeingRedefined == null, bytes);
            if (out != null) {
                transformed.add(className);
            }
            return out;
        } catch (Throwable t) {
            if (failed.add(className)) {
                Failures.report("gilprobe: could not instrument " + className.replace('/', '.') + ", left unchanged: " + t);
            }
            return null;
        } finally {
            guard.exit();
        }
    }

    public Set<String> transformedNames() {
        return Set.copyOf(transformed);
    }

    /**
     * Classes an earlier recording left instrumented (they waited to be restored): this transformer's
     * {@code stop} restores them too, whatever it does to them.
     */
    public void restoreAtStop(List<Class<?>> classes) {
        for (Class<?> c : classes) {
            transformed.add(c.getName().replace('.', '/'));
        }
    }

    /** The transformed bytes, or null when the class needs nothing. Visible for tests. */
    public byte[] instrument(Module module, ClassLoader loader, String className, boolean firstLoad, byte[] bytes) {
        for (Plan.Designation d : plan.designations) {
            if (className.equals(d.owner()) && designationsChecked.add(d.index)) {
                checkDesignation(d, loader, bytes);
            }
        }
        ClassScan scan = scan(className, bytes);
        List<Plan.Designation> methodsLocks = methodsLocksOf(scan, loader);
        if (methodsLocks.isEmpty() && !needsRewrite(scan, firstLoad)) {
            return null;
        }
        ensureReadsProbes(module);
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassInstrumenter(writer, plan, scan, firstLoad, methodsLocks,
                plan.locks ? lockTypes.of(loader) : null), ClassReader.EXPAND_FRAMES);
        byte[] out = writer.toByteArray();
        try {
            warnIfGrownPastCompileLimit(scan, out);
        } catch (RuntimeException e) {
            // only a warning: the instrumented class stands
        }
        return out;
    }

    /** HotSpot compiles no method of more bytes of bytecode ({@code -XX:HugeMethodLimit}, with {@code DontCompileHugeMethods}). */
    static final int HUGE_METHOD = DispatchCounter.HUGE_METHOD;

    /**
     * A method that the rewrites pushed over HotSpot's compile limit runs interpreted from then on, many times
     * slower: said once per method, on stderr and in the report's notes, so that a slowdown has a name.
     * (The per-opcode trampolines avoid it themselves, see {@link DispatchCounter#trampolinesFit}.)
     */
    private void warnIfGrownPastCompileLimit(ClassScan before, byte[] out) {
        boolean any = false;
        for (ClassScan.MethodInfo m : before.methods) {
            any |= m.codeLength() > HUGE_METHOD - 2_048 && m.codeLength() <= HUGE_METHOD;
        }
        if (!any) {
            return; // nothing near the limit: no second scan
        }
        ClassScan after = ClassScan.scan(out, 0);
        for (ClassScan.MethodInfo m : before.methods) {
            ClassScan.MethodInfo grown = m.codeLength() <= HUGE_METHOD ? after.method(m.name(), m.descriptor()) : null;
            if (grown != null && grown.codeLength() > HUGE_METHOD
                    && hugeWarned.add(before.className + "." + m.name() + m.descriptor())) {
                Failures.report("gilprobe: warning: instrumenting " + before.className.replace('/', '.') + "." + m.name()
                        + " made it " + grown.codeLength() + " bytes of bytecode (from " + m.codeLength()
                        + "), over the " + HUGE_METHOD + " bytes HotSpot compiles: it will run interpreted, slower"
                        + " (dispatch=off, or a narrower dispatch= or designation, leaves it as it was)");
            }
        }
    }

    /** What retransforming a loaded class would do to it, judged from its class file. */
    public enum Need {
        /** Nothing: retransforming it would be a safepoint for nothing. */
        NOTHING,
        /** It declares the designated lock's methods or uses its class or field: instrument it first. */
        LOCK,
        /** Other work: monitors that may be the designated one, {@code Lock} calls, dispatch loops. */
        OTHER
    }

    /**
     * The same decision as {@link #instrument} on a retransformation ({@code firstLoad} false), without
     * rewriting anything. Throws {@link IllegalArgumentException} for bytes the scanner cannot read.
     */
    public Need need(ClassLoader loader, String className, byte[] bytes) {
        ClassScan scan = scan(className, bytes);
        boolean methodsLock = !methodsLocksOf(scan, loader).isEmpty();
        if (!methodsLock && !needsRewrite(scan, false)) {
            return Need.NOTHING;
        }
        boolean lock = methodsLock || lockClasses.contains(className) || plan.referencesDesignation(scan);
        return lock ? Need.LOCK : Need.OTHER;
    }

    /**
     * What a loaded class's name and type tell, before any class file is read: when every lock is made of
     * methods and the class is outside the dispatch-loop scope, only a subtype of the methods' classes
     * ({@code lockClass}) can need anything ({@link Need#LOCK}), the others need {@link Need#NOTHING}.
     * Otherwise null: only the class file can tell.
     */
    public Need needByName(String className, boolean lockClass) {
        if (!plan.methodsOnly() || plan.dispatchScope(className)) {
            return null;
        }
        return lockClass ? Need.LOCK : Need.NOTHING;
    }

    /** Internal names of the classes the lock option names: the field's owner, the monitor class, the methods' owner. */
    public Set<String> lockClassNames() {
        return lockClasses;
    }

    /** Whether a lock is made of methods, whose subtypes (methods that override them) are the lock's classes too. */
    public boolean lockIncludesSubtypes() {
        return plan.methods;
    }

    private ClassScan scan(String className, byte[] bytes) {
        return ClassScan.scan(bytes, plan.dispatchScope(className) ? plan.dispatchCases : 0);
    }

    private boolean needsRewrite(ClassScan scan, boolean firstLoad) {
        if (plan.dispatchScope(scan.className) && scan.hasDispatchLoops()) {
            return true;
        }
        if (plan.referencesDesignation(scan)) {
            return true;
        }
        if (plan.monitors && (scan.hasMonitorEnter || (scan.hasSynchronizedMethod && firstLoad)
                || scan.referencesMemberNamed("wait"))) {
            return true;
        }
        if (plan.locks) {
            for (String call : LockCallRewriter.CALL_NAMES) {
                if (scan.referencesMemberNamed(call)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The methods designations whose acquire or release method {@code scan} declares, when it is the
     * designation's class or a subtype of it; empty for most classes.
     */
    private List<Plan.Designation> methodsLocksOf(ClassScan scan, ClassLoader loader) {
        List<Plan.Designation> out = null;
        for (Plan.Designation d : plan.designations) {
            if (d.kind == LockSpec.Kind.METHODS
                    && (scan.declaresMethod(d.acquireMethod) || scan.declaresMethod(d.releaseMethod))
                    && (scan.className.equals(d.methodsOwner) || Hierarchy.isSubtype(scan, d.methodsOwner, loader))) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(d);
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * A designation that cannot be right: one warning line on stderr and in the report's notes (a warning
     * about the user's option, not a failure of gilprobe's).
     */
    private void checkDesignation(Plan.Designation d, ClassLoader loader, byte[] bytes) {
        try {
            String warning = DesignationCheck.check(d.spec, bytes, loader);
            if (warning != null) {
                System.err.println(warning);
                Recording.note(warning);
                Designated.designationWarned(d.index);
            }
        } catch (RuntimeException e) {
            // a check that cannot run says nothing; the instrumentation goes on
        }
    }

    /** Code in a named module must be able to read the probes' (unnamed, bootstrap) module. */
    private void ensureReadsProbes(Module module) {
        if (module != null && module.isNamed() && !module.canRead(probesModule) && readsAdded.add(module)) {
            instrumentation.redefineModule(module, Set.of(probesModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
