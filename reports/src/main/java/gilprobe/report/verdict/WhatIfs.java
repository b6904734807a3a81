package gilprobe.report.verdict;

/**
 * The what-if ({@link WhatIf}): how long a stretch would have taken if its lock cost nothing. Called by
 * {@link Verdicts#of} with the numbers it defines; docs/design.md ("What-if") states the same rule.
 *
 * <p>Without the lock a thread does only its <em>work</em> (held work plus work without the lock, as
 * {@link Verdicts} defines them: with dispatch-loop ticks, held work is the ticks at the fastest speed a
 * well-sampled thread ran them): its waits, its condition waits and the rest of its time outside the lock that
 * was not work (handing the lock over, or blocked elsewhere) are taken away. The users' work, W in all and
 * w<sub>max</sub> for the thread with the most, on N cores takes at least
 * {@code scheduled = max(w_max, W / N)}: no thread finishes before its own work is done, and N cores do at
 * most N threads' work at a time. The part of the stretch before the first and after the last use of the lock
 * (start-up, the main thread alone, shut-down) stays as it was:
 * <pre>
 *   predicted = min(T, T − L + scheduled)        speedup = T / predicted
 * </pre>
 * with T the stretch's wall time and L the lock's period, from the start of the first user's span to the end
 * of the last; when a span's start is unknown (the timeline dropped events) L = T, and start-up is left out.
 * A lock that costs nothing cannot make the run slower, so predicted is at most T. It is a lower bound on
 * the stretch without the lock where threads depend on each other (a thread that waits for another's
 * result cannot start its work any sooner), an estimate where they do not.
 */
final class WhatIfs {
    private WhatIfs() {
    }

    /**
     * The numbers of one prediction.
     *
     * @param wall       T
     * @param cores      N
     * @param threads    the users
     * @param work       W, the users' work
     * @param longest    w_max
     * @param lockPeriod L, or -1 when a span's start is unknown (then L = T)
     * @param scheduled  max(w_max, W / N)
     * @param predicted  min(T, T − L + scheduled), at least 1 ns when T is not 0
     * @param speedup    T / predicted; 1 when T is 0
     * @param capped     whether T − L + scheduled was more than T: the work did not fit in less time
     */
    record Prediction(double wall, int cores, int threads, long work, long longest, double lockPeriod,
                      double scheduled, double predicted, double speedup, boolean capped) {
    }

    static Prediction predict(double wall, int cores, int threads, long work, long longest, long lockPeriod) {
        double period = lockPeriod < 0 ? wall : Math.min(wall, lockPeriod);
        double scheduled = Math.max(longest, (double) work / cores);
        double uncapped = wall - period + scheduled;
        double predicted = threads == 0 ? wall : Math.min(wall, uncapped);
        if (wall > 0) {
            predicted = Math.max(Math.min(wall, 1), predicted);
        }
        double speedup = predicted > 0 ? wall / predicted : 1;
        return new Prediction(wall, cores, threads, work, longest, lockPeriod < 0 ? -1 : period, scheduled, predicted,
                speedup, threads > 0 && uncapped > wall);
    }

    /** The method in words, with this stretch's numbers: what was counted as work, how it was scheduled. */
    static String method(Prediction p, String workSource, double tickNanos) {
        if (p.threads() == 0) {
            return "No thread used the lock in this stretch: it cost nothing, and the stretch stays as it was.";
        }
        String ticks = tickNanos > 0 ? "its dispatch-loop ticks under the lock at the fastest speed a thread ran them ("
                + (tickNanos < 1000 ? Words.sig3(tickNanos) + " ns" : Words.ns(tickNanos)) + " a tick; a thread with a tenth of the ticks or fewer: its hold time), plus its"
                + " ticks without the lock at the speed of its holds" : "";
        String work = switch (workSource) {
            case "ticks" -> ticks;
            case "mixed" -> ticks + " (a thread without ticks: its hold time plus every moment it neither held, waited"
                    + " for nor waited on the lock, an upper estimate)";
            default -> "its hold time plus every moment it neither held, waited for nor waited on the lock (an upper"
                    + " estimate: time blocked elsewhere counts as work)";
        };
        StringBuilder b = new StringBuilder();
        b.append("Without the lock each thread does only its work: ").append(work)
                .append("; its waits for the lock, its condition waits and the rest of its time are taken away. The work of the ")
                .append(Words.plural(p.threads(), "thread")).append(", ").append(Words.ns(p.work()))
                .append(" in all and ").append(Words.ns(p.longest())).append(" for the busiest, takes at least ")
                .append(Words.ns(p.scheduled())).append(" on ").append(Words.plural(p.cores(), "core"))
                .append(" (the larger of the busiest thread's work and the total shared by the cores)");
        if (p.lockPeriod() < 0) {
            b.append("; when the threads started is unknown (the timeline dropped events), so the whole run counts as"
                    + " their period and the prediction leaves out the time before and after it (start-up)");
        } else {
            b.append("; the ").append(Words.ns(p.wall() - p.lockPeriod()))
                    .append(" of the run before the first and after the last use of the lock stay as they were");
        }
        b.append(tickNanos > 0 ? "." : ". Hold times are taken as measured: where contention slowed the holds down, the"
                + " prediction is high by that much.");
        if (p.capped()) {
            b.append(" The work does not fit in less time than the run took: the lock cost nothing measurable.");
        }
        return b.toString();
    }
}
