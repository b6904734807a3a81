package gilprobe.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

import gilprobe.probe.Probes;

/** Inlined into a designated acquire method: wait = inside it, the hold starts at its return. */
final class AcquireAdvice {
    private AcquireAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
        return Probes.methodAcquireEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        Probes.methodAcquireExit(token, returned, thrown);
    }
}
