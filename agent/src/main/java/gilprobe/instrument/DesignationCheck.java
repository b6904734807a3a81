package gilprobe.instrument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import gilprobe.options.LockSpec;

/**
 * Tells the user, once, when the class a designation names is loaded and the designation cannot be right:
 * the field does not exist, its declared type can never hold that kind of lock (a primitive, an array, a
 * final class that is not a {@code Lock}), it is a read-write lock (which is not a {@code Lock}: its
 * {@code readLock()} and {@code writeLock()} are), or the class declares no method of a methods-kind name.
 * The program is never stopped: the line says that nothing will be measured and why. A declared type that
 * could hold a lock through a subclass is accepted here; the objects themselves are checked when first
 * seen ({@link gilprobe.record.Designated}).
 */
final class DesignationCheck {
    private static final String LOCK = "java/util/concurrent/locks/Lock";
    private static final String READ_WRITE_LOCK = "java/util/concurrent/locks/ReadWriteLock";

    private DesignationCheck() {
    }

    /** The warning for {@code spec}, whose class is {@code bytes} (loaded by {@code loader}), or null. */
    static String check(LockSpec spec, byte[] bytes, ClassLoader loader) {
        Members members = Members.of(bytes);
        String option = spec.text();
        if (spec.kind() == LockSpec.Kind.METHODS) {
            List<String> missing = new ArrayList<>();
            for (String m : List.of(spec.acquireMethod(), spec.releaseMethod())) {
                if (!members.methods.contains(m)) {
                    missing.add(m);
                }
            }
            return missing.isEmpty() ? null : "gilprobe: warning: " + option + ": class " + spec.className()
                    + " declares no method " + String.join(" or ", missing)
                    + "; only subclasses that declare it are measured";
        }
        String descriptor = members.fields.get(spec.fieldName());
        if (descriptor == null) {
            if (spec.kind() == LockSpec.Kind.MONITOR && classExists(loader, spec.wholeAsClass())) {
                return null; // monitor=<class>: the Class object of a.b.C.f is meant
            }
            return "gilprobe: warning: " + option + ": class " + spec.className() + " has no field '" + spec.fieldName()
                    + "' (its reference fields: " + members.referenceFields() + "); nothing will be measured";
        }
        Type type = Type.getType(descriptor);
        String what = spec.kind() == LockSpec.Kind.MONITOR ? "a monitor" : "a java.util.concurrent.locks.Lock";
        if (type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY) {
            return "gilprobe: warning: " + option + ": the field is a " + type.getClassName() + ", which cannot be "
                    + what + "; nothing will be measured";
        }
        if (spec.kind() != LockSpec.Kind.LOCK) {
            return null; // any object can be a monitor
        }
        if (type.getSort() == Type.ARRAY) {
            return "gilprobe: warning: " + option + ": the field is a " + type.getClassName() + ", which cannot be "
                    + what + "; nothing will be measured";
        }
        String declared = type.getInternalName();
        ClassScan declaredScan = Hierarchy.read(declared, loader);
        if (declaredScan == null) {
            return null; // its class file cannot be read from here: the objects are checked when seen
        }
        if (Hierarchy.isSubtype(declaredScan, READ_WRITE_LOCK, loader)) {
            return "gilprobe: warning: " + option + ": the field is a read-write lock (" + type.getClassName()
                    + "), which is not a Lock: designate a field that holds its readLock() or writeLock()";
        }
        if ((declaredScan.access & Opcodes.ACC_FINAL) != 0 && !Hierarchy.isSubtype(declaredScan, LOCK, loader)) {
            return "gilprobe: warning: " + option + ": the field is a " + type.getClassName()
                    + ", which cannot hold " + what + "; nothing will be measured"
                    + " (for synchronized blocks on it, use monitor=" + spec.className() + "." + spec.fieldName() + ")";
        }
        return null;
    }

    private static boolean classExists(ClassLoader loader, String binaryName) {
        String resource = binaryName.replace('.', '/') + ".class";
        return loader != null ? loader.getResource(resource) != null : ClassLoader.getSystemResource(resource) != null;
    }

    /** The fields (name to descriptor) and method names a class declares. */
    private static final class Members extends ClassVisitor {
        final Map<String, String> fields = new LinkedHashMap<>();
        final java.util.Set<String> methods = new java.util.HashSet<>();

        private Members() {
            super(Opcodes.ASM9);
        }

        static Members of(byte[] bytes) {
            Members m = new Members();
            new ClassReader(bytes).accept(m, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return m;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            fields.put(name, descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            methods.add(name);
            return null;
        }

        String referenceFields() {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, String> f : fields.entrySet()) { // a loop, not a lambda: the transform path
                if ((f.getValue().startsWith("L") || f.getValue().startsWith("[")) && names.size() < 8) {
                    names.add(f.getKey());
                }
            }
            return names.isEmpty() ? "none" : String.join(", ", names);
        }
    }
}
