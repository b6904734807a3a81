package gilprobe.instrument;

import java.util.List;

import gilprobe.options.AgentOptions;
import gilprobe.options.LockSpec;

/** What the instrumenter looks for, derived once from the options. Names are in internal (slash) form. */
final class Plan {
    final LockSpec spec;
    final LockSpec.Kind kind;
    /** Internal name of the class the designation names (field owner or methods owner), or null. */
    final String designationOwner;
    /** Owner and name of the designated field, or null (methods kind). */
    final String fieldOwner;
    final String fieldName;
    /** For monitor kind: the class whose Class object is designated (the whole option value as a class). */
    final String classMonitor;
    /** For methods kind: the class (and supertype of matching classes) and method names. */
    final String methodsOwner;
    final String acquireMethod;
    final String releaseMethod;
    /** Dispatch-loop scope: null = off, empty = all, else internal-name prefixes. */
    final List<String> dispatchPrefixes;
    final int dispatchCases;
    final boolean opcodes;

    Plan(AgentOptions options) {
        LockSpec spec = options.lock;
        this.spec = spec;
        this.kind = spec.kind();
        boolean field = spec.fieldName() != null && kind != LockSpec.Kind.METHODS;
        this.fieldOwner = field ? spec.internalClassName() : null;
        this.fieldName = field ? spec.fieldName() : null;
        this.classMonitor = kind == LockSpec.Kind.MONITOR ? spec.wholeAsClass().replace('.', '/') : null;
        this.methodsOwner = kind == LockSpec.Kind.METHODS ? spec.internalClassName() : null;
        this.acquireMethod = spec.acquireMethod();
        this.releaseMethod = spec.releaseMethod();
        this.designationOwner = fieldOwner != null ? fieldOwner : methodsOwner;
        this.dispatchPrefixes = options.dispatchPrefixes == null ? null : internalNames(options.dispatchPrefixes);
        this.dispatchCases = options.dispatchCases;
        this.opcodes = options.opcodes;
    }

    private static List<String> internalNames(List<String> binaryNames) {
        List<String> out = new java.util.ArrayList<>(binaryNames.size());
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

    /** Whether a method of this name is a designated acquire or release method (methods kind). */
    boolean isMethodsLockName(String methodName) {
        return kind == LockSpec.Kind.METHODS && (methodName.equals(acquireMethod) || methodName.equals(releaseMethod));
    }

    boolean isField(String owner, String name) {
        return fieldOwner != null && fieldName.equals(name) && fieldOwner.equals(owner);
    }
}
