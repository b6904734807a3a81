package gilprobe.instrument;

/**
 * Synchronized blocks whose first instruction is a {@code new}, with a stack map frame between the {@code new}
 * and its constructor call (a conditional argument): the frame names the uninitialized object by the
 * offset of its {@code new}, and the calls that follow {@code monitorenter} must not stand between the two.
 * Truffle's {@code FrameDescriptor.copy()} is such a block. For {@link InstrumentedBytecodeTest}.
 */
@SuppressWarnings("unused")
public final class NewInMonitorSamples {
    static final Object LOCK = new Object();
    final Object instanceLock = new Object();

    public record Box(String s, int n) {
    }

    public static Box conditionalArgument(boolean flag) {
        synchronized (LOCK) {
            return new Box(flag ? "a" : "b", 1);
        }
    }

    public Box twoConditionalArguments(boolean flag, int n) {
        synchronized (instanceLock) {
            return new Box(flag ? "a" : null, n > 0 ? n : -n);
        }
    }

    public Box onThis(String s) {
        synchronized (this) {
            return new Box(s == null ? "" : s, s == null ? 0 : s.length());
        }
    }

    public static Box nested(boolean flag) {
        synchronized (LOCK) {
            synchronized (NewInMonitorSamples.class) {
                return new Box(flag ? "x" : "y", 2);
            }
        }
    }

    /** Throws on the synchronized line ({@code lock} null) or on the next one ({@code a} null): the lines must survive. */
    public static int lockAndRead(Object lock, int[] a) {
        synchronized (lock) {
            return a.length;
        }
    }
}
