package gilprobe.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The worst case for tick counting: a bytecode interpreter whose opcodes are as cheap as they get
 * (countdown: load, compare, branch, decrement, store). One benchmark op = one countdown of 1000, 5,001
 * ticks. Run by {@link AgentOverhead} without the agent and with the agent counting ticks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmarks {
    static final int LOAD = 0, CONST = 1, GT = 2, JUMP_IF_FALSE = 3, SUB = 4, STORE = 5, JUMP = 6, RETURN = 7,
            ADD = 8, MUL = 9, DUP = 10, POP = 11, SWAP = 12, NOT = 13, NEG = 14, LT = 15, EQ = 16, MOD = 17;

    /** while n > 0: n -= 1 */
    private final int[] code = {
            LOAD, 0, CONST, 0, GT, JUMP_IF_FALSE, 16, LOAD, 0, CONST, 1, SUB, STORE, 0, JUMP, 0, RETURN};
    private final long[] consts = {0, 1};
    private final long[] stack = new long[16];

    @Benchmark
    public long countdown1000() {
        long[] locals = {1000};
        int pc = 0;
        int sp = 0;
        for (;;) {
            int op = code[pc++];
            switch (op) {
                case LOAD -> stack[sp++] = locals[code[pc++]];
                case CONST -> stack[sp++] = consts[code[pc++]];
                case GT -> { sp--; stack[sp - 1] = stack[sp - 1] > stack[sp] ? 1 : 0; }
                case LT -> { sp--; stack[sp - 1] = stack[sp - 1] < stack[sp] ? 1 : 0; }
                case EQ -> { sp--; stack[sp - 1] = stack[sp - 1] == stack[sp] ? 1 : 0; }
                case JUMP_IF_FALSE -> { int target = code[pc++]; if (stack[--sp] == 0) { pc = target; } }
                case SUB -> { sp--; stack[sp - 1] -= stack[sp]; }
                case ADD -> { sp--; stack[sp - 1] += stack[sp]; }
                case MUL -> { sp--; stack[sp - 1] *= stack[sp]; }
                case MOD -> { sp--; stack[sp - 1] %= stack[sp]; }
                case STORE -> locals[code[pc++]] = stack[--sp];
                case JUMP -> pc = code[pc];
                case DUP -> { stack[sp] = stack[sp - 1]; sp++; }
                case POP -> sp--;
                case SWAP -> { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; }
                case NOT -> stack[sp - 1] = stack[sp - 1] == 0 ? 1 : 0;
                case NEG -> stack[sp - 1] = -stack[sp - 1];
                case RETURN -> { return locals[0]; }
                default -> throw new IllegalStateException("bad opcode " + op);
            }
        }
    }
}
