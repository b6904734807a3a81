package gilprobe.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.function.BiFunction;

/**
 * Defines a class in the bootstrap class loader with {@code jdk.internal.misc.Unsafe.defineClass}.
 * {@link BootstrapInjector} loads this one class into a private class loader and has {@code java.base}
 * export {@code jdk.internal.misc} to that loader's unnamed module only; so it must use nothing but JDK
 * types (the caller sees it as a {@link BiFunction}).
 */
public final class BootDefiner implements BiFunction<String, byte[], Class<?>> {
    private final MethodHandle define;

    public BootDefiner() throws ReflectiveOperationException {
        Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
        Object instance = unsafe.getMethod("getUnsafe").invoke(null);
        define = MethodHandles.lookup().findVirtual(unsafe, "defineClass", MethodType.methodType(Class.class,
                String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class)).bindTo(instance);
    }

    @Override
    public Class<?> apply(String binaryName, byte[] bytes) {
        try {
            return (Class<?>) define.invoke(binaryName, bytes, 0, bytes.length, (ClassLoader) null, (ProtectionDomain) null);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
