package gilprobe.instrument;

/** Small methods with switches in and out of loops, for the scanner and the rewrite tests. */
public final class DispatchSamples {
    static final Object LOCK = new Object();

    /** A dispatch loop: a switch with 6 cases inside a for(;;). Returns the number of switch executions. */
    public static int interpret(int[] code) {
        int pc = 0;
        int acc = 0;
        long wide = 0;
        double d = 0;
        int ticks = 0;
        for (;;) {
            int op = code[pc++];
            ticks++;
            switch (op) {
                case 0: acc++; break;
                case 1: acc--; break;
                case 2: wide += acc; break;
                case 3: d += acc; break;
                case 4: synchronized (LOCK) { acc *= 2; } break;
                case 5: return ticks;
                default: throw new IllegalStateException("bad op " + op);
            }
        }
    }

    /** A lookupswitch in a while loop (sparse keys). */
    public static int sparse(int[] code) {
        int i = 0;
        int n = 0;
        while (i < code.length) {
            switch (code[i++]) {
                case 10: n += 1; break;
                case 200: n += 2; break;
                case 3000: n += 3; break;
                case 40000: n += 4; break;
                case -5: n += 5; break;
                default: n += 100;
            }
        }
        return n;
    }

    /** A big switch that is not in a loop: not a dispatch loop. */
    public static int once(int op) {
        switch (op) {
            case 0: return 10;
            case 1: return 11;
            case 2: return 12;
            case 3: return 13;
            case 4: return 14;
            case 5: return 15;
            default: return -1;
        }
    }
}
