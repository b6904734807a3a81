package gilprobe.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dispatch loops found by the instrumenter, by id. Ids are dense (0, 1, 2, ...) and index each
 * thread's {@link LoopCounter} array. Registration happens while classes are transformed (rare, locked);
 * the hot path never touches this class.
 */
public final class DispatchLoops {
    /**
     * One switch inside a loop. {@code switchIndex} is the switch's ordinal among the method's switches;
     * {@code caseKeys} are its distinct case keys, sorted; {@code slots} maps a key to its per-opcode counter.
     */
    public record Loop(int id, String className, String method, String descriptor, int switchIndex, int[] caseKeys,
                       CaseSlots slots) {
        public int cases() {
            return caseKeys.length;
        }

    }

    private static final List<Loop> LOOPS = new ArrayList<>();

    private DispatchLoops() {
    }

    /** Registers a loop and returns its id; a class loaded again (another loader, retransformation) reuses it. */
    public static synchronized int register(String className, String method, String descriptor, int switchIndex,
                                            int[] caseKeys) {
        for (Loop l : LOOPS) {
            if (l.className.equals(className) && l.method.equals(method) && l.descriptor.equals(descriptor)
                    && l.switchIndex == switchIndex && Arrays.equals(l.caseKeys, caseKeys)) {
                return l.id;
            }
        }
        Loop loop = new Loop(LOOPS.size(), className, method, descriptor, switchIndex, caseKeys.clone(),
                new CaseSlots(caseKeys));
        LOOPS.add(loop);
        return loop.id;
    }

    public static synchronized List<Loop> all() {
        return List.copyOf(LOOPS);
    }

    public static synchronized Loop get(int id) {
        return LOOPS.get(id);
    }

    /** The slot map of loop {@code id}; called when a thread's counter for it is created, not per tick. */
    static synchronized CaseSlots caseSlots(int id) {
        return LOOPS.get(id).slots();
    }
}
