package gilprobe.instrument;

import java.util.ArrayList;
import java.util.List;

import gilprobe.options.AgentOptions;
import gilprobe.options.LockSpec;

/**
 * What the instrumenter looks for, derived once from the options: the designated locks (each a
 * {@link Designation} with its index, the position of its entry in the report's {@code locks[]}), and the
 * dispatch-loop scope. Names are in internal (slash) form.
 */
final class Plan {
    /** One designated lock, as the rewrites need it. */
    static final class Designation {
        final int index;
        final LockSpec spec;
        final LockSpec.Kind kind;
        /** Owner and name of the designated field, or null (methods kind, or a class monitor only). */
        final String fieldOwner;
        final String fieldName;
        /** For monitor kind: the class whose Class object is designated (the whole option value as a class). */
        final String classMonitor;
        /** For methods kind: the class (and supertype of matching classes) and method names. */
        final String methodsOwner;
        final String acquireMethod;
        final String releaseMethod;

        Designation(int index, LockSpec spec) {
            this.index = index;
            this.spec = spec;
            this.kind = spec.kind();
            boolean field = spec.fieldName() != null && kind != LockSpec.Kind.METHODS;
            this.fieldOwner = field ? spec.internalClassName() : null;
            this.fieldName = field ? spec.fieldName() : null;
            this.classMonitor = kind == LockSpec.Kind.MONITOR ? spec.wholeAsClass().replace('.', '/') : null;
            this.methodsOwner = kind == LockSpec.Kind.METHODS ? spec.internalClassName() : null;
            this.acquireMethod = spec.acquireMethod();
            this.releaseMethod = spec.releaseMethod();
        }

        /** Internal name of the class the designation names (field owner or methods owner). */
        String owner() {
            return fieldOwner != null ? fieldOwner : methodsOwner;
        }

        boolean isField(String owner, String name) {
            return fieldOwner != null && fieldName.equals(name) && fieldOwner.equals(owner);
        }
    }

    final List<Designation> designations;
    /** Whether some designation is a monitor (synchronized blocks and methods, {@code wait}). */
    final boolean monitors;
    /** Whether some designation is a {@code Lock} ({@code Lock} and {@code Condition} calls). */
    final boolean locks;
    /** Whether some designation is a lock made of methods. */
    final boolean methods;
    /** Whether some monitor designation names a field (any object may then be its monitor), or find is on. */
    final boolean monitorFields;
    /**
     * {@code find=true}: every monitor and {@code Lock} is measured, as if both kinds were designated; the
     * monitor and lock probes are their find variants, which take each request's site.
     */
    final boolean find;
    /** Dispatch-loop scope: null = off, empty = all, else internal-name prefixes. */
    final List<String> dispatchPrefixes;
    final int dispatchCases;
    final boolean opcodes;

    Plan(AgentOptions options) {
        List<Designation> ds = new ArrayList<>();
        boolean m = false, l = false, me = false, mf = false;
        for (LockSpec spec : options.locks) {
            Designation d = new Designation(ds.size(), spec);
            ds.add(d);
            m |= d.kind == LockSpec.Kind.MONITOR;
            l |= d.kind == LockSpec.Kind.LOCK;
            me |= d.kind == LockSpec.Kind.METHODS;
            mf |= d.kind == LockSpec.Kind.MONITOR && d.fieldOwner != null;
        }
        this.designations = List.copyOf(ds);
        this.find = options.find;
        this.monitors = m || find;
        this.locks = l || find;
        this.methods = me;
        this.monitorFields = mf || find;
        this.dispatchPrefixes = options.dispatchPrefixes == null ? null : internalNames(options.dispatchPrefixes);
        this.dispatchCases = options.dispatchCases;
        this.opcodes = options.opcodes;
    }

    private static List<String> internalNames(List<String> binaryNames) {
        List<String> out = new ArrayList<>(binaryNames.size());
        for (String n : binaryNames) {
            out.add(n.replace('.', '/'));
        }
        return List.copyOf(out);
    }

    boolean dispatchScope(String internalName) {
        if (dispatchPrefixes == null) {
            return false;
        }
        if (dispatchPrefixes.isEmpty()) {
            return true;
        }
        for (String p : dispatchPrefixes) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every designation is a lock made of methods (no monitor, field or {@code Lock} call matters). */
    boolean methodsOnly() {
        return methods && !monitors && !locks;
    }

    /** Whether a method of this name is a designated acquire or release method of some methods designation. */
    boolean isMethodsLockName(String methodName) {
        for (Designation d : designations) {
            if (d.kind == LockSpec.Kind.METHODS && (methodName.equals(d.acquireMethod) || methodName.equals(d.releaseMethod))) {
                return true;
            }
        }
        return false;
    }

    /** The designation whose field is {@code owner.name}, or -1. */
    int fieldDesignation(String owner, String name) {
        for (Designation d : designations) {
            if (d.isField(owner, name)) {
                return d.index;
            }
        }
        return -1;
    }

    /** The monitor designation whose Class object is class {@code internalName}, or -1. */
    int classMonitorDesignation(String internalName) {
        for (Designation d : designations) {
            if (internalName.equals(d.classMonitor)) {
                return d.index;
            }
        }
        return -1;
    }

    /** Whether {@code scan} reads or writes a designated field or names a designated class monitor. */
    boolean referencesDesignation(ClassScan scan) {
        for (Designation d : designations) {
            if ((d.fieldOwner != null && scan.referencesMember(d.fieldOwner, d.fieldName))
                    || (d.classMonitor != null && scan.referencesClass(d.classMonitor))) {
                return true;
            }
        }
        return false;
    }
}
