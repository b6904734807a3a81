package gilprobe.instrument;

import net.bytebuddy.asm.Advice;

import gilprobe.probe.Probes;

/** Inlined into a designated release method: the hold ends at its entry. */
final class ReleaseAdvice {
    private ReleaseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter() {
        return Probes.methodReleaseEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token) {
        Probes.methodReleaseExit(token);
    }
}
