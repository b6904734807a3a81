package gilprobe.report.model;

import java.util.List;

/**
 * A detected bytecode-dispatch loop: a switch inside a loop of one method.
 *
 * @param cases   number of distinct case labels of the switch
 * @param ticks   executions of the switch, all threads
 * @param opcodes extension: per-case counts when per-opcode counting was on, else empty
 */
public record DispatchLoop(String className, String method, String descriptor, int cases, long ticks,
                           List<LoopThread> threads, List<OpcodeCount> opcodes) {
    public DispatchLoop {
        threads = List.copyOf(threads);
        opcodes = List.copyOf(opcodes);
    }

    /** One thread's ticks in this loop. */
    public record LoopThread(String name, long id, long ticks) {
    }

    /** Executions of the case whose key is {@code key}; the default branch has {@code isDefault}. */
    public record OpcodeCount(int key, boolean isDefault, long count) {
    }
}
