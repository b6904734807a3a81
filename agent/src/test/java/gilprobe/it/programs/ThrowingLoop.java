package gilprobe.it.programs;

/**
 * A dispatch loop left by exceptions in every way a method can be: an {@code athrow} of its own (op 6), a
 * call that throws (op 7), an instruction that throws with no call and no {@code athrow} (op 8: an integer
 * division by zero), besides a return (op 9). Runs N programs, each a few plain ops then one of the four
 * endings, catches what they throw, and prints {@code ticks=} the number of ops it executed: the dispatch
 * loop's exact tick count.
 */
public final class ThrowingLoop {
    static int run(int[] code, int[] acc) {
        int pc = 0;
        for (;;) {
            int op = code[pc++];
            switch (op) {
                case 0: acc[0] += 1; break;
                case 1: acc[0] += 2; break;
                case 2: acc[0] += 3; break;
                case 3: acc[0] ^= 5; break;
                case 4: acc[0] -= 1; break;
                case 5: acc[0] *= 3; break;
                case 6: throw new IllegalStateException("op 6");
                case 7: thrower(); break;
                case 8: acc[0] = acc[0] / (acc[0] - acc[0]); break;
                case 9: return acc[0];
                default: throw new IllegalArgumentException("op " + op);
            }
        }
    }

    static void thrower() {
        throw new UnsupportedOperationException("op 7");
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long ticks = 0;
        long thrown = 0;
        int[] acc = {1};
        for (int i = 0; i < n; i++) {
            int plain = i % 13;
            int[] code = new int[plain + 1];
            for (int k = 0; k < plain; k++) {
                code[k] = (i + k) % 6;
            }
            code[plain] = 6 + i % 4;
            ticks += code.length;
            try {
                run(code, acc);
            } catch (RuntimeException e) {
                thrown++;
            }
        }
        System.out.println("ticks=" + ticks + " thrown=" + thrown);
    }
}
