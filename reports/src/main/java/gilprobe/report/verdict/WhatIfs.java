package gilprobe.report.verdict;

import java.util.List;

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
                      double scheduled, double predicted, double speedup, boolean capped, int phases, double phaseNanos) {
    }

    static Prediction predict(double wall, int cores, int threads, long work, long longest, long lockPeriod) {
        double period = lockPeriod < 0 ? wall : Math.min(wall, lockPeriod);
        double scheduled = Math.max(longest, (double) work / cores);
        return finish(wall, cores, threads, work, longest, lockPeriod < 0 ? -1 : period, scheduled, wall - period + scheduled,
                0, 0);
    }

    private static Prediction finish(double wall, int cores, int threads, long work, long longest, double period,
                                     double scheduled, double uncapped, int phases, double phaseNanos) {
        double predicted = threads == 0 ? wall : Math.min(wall, uncapped);
        if (wall > 0) {
            predicted = Math.max(Math.min(wall, 1), predicted);
        }
        double speedup = predicted > 0 ? wall / predicted : 1;
        return new Prediction(wall, cores, threads, work, longest, period, scheduled, predicted, speedup,
                threads > 0 && uncapped > wall, phases, phaseNanos);
    }

    /**
     * One user's part in a phased prediction: its lock time per bucket, where it was there to use the lock
     * ({@code [start, end)} from the stretch's start), and how much of its hold and outside time is work
     * ({@code heldWork}: H' / H, 1 without ticks; {@code outsideWork}: E / O, 1 without ticks).
     */
    record PhasedUser(long[] held, long[] waiting, long[] conditionWait, double start, double end, double heldWork,
                      double outsideWork) {
    }

    /**
     * The prediction phase by phase. A phase ends where a user arrives (the start of its span) after a
     * stretch that one user had to itself: work no other thread was there to share (a main thread starting the
     * runtime alone) stays where it was. Once two or more users share a stretch, later arrivals do not cut it
     * (an arrival may have been delayed by the lock: the thread that starts it waiting for the lock), and a
     * departure never cuts (a thread that finished early because the lock favoured it would, without the lock,
     * have shared the cores with the others until they finished too). In a phase, each user's work is its holds there (from the buckets, scaled by
     * {@code heldWork}) plus its time there without holding, waiting or waiting on the lock (scaled by
     * {@code outsideWork}); the phase takes at least the larger of one user's work and all of it over the
     * cores. Time no user was there stays as it was. So
     * work only one thread was there to do (a main thread starting the runtime alone, before the workers
     * exist) is not spread over cores it never had, while inside a phase work moves freely between moments
     * (a GIL handed over every few milliseconds is as free as one handed over every microsecond). Never below
     * the whole-stretch rule: each phase's time is at least its busiest user's work and its work over the cores.
     */
    static Prediction predictPhased(double wall, int cores, long work, long longest, long bucketNanos,
                                    List<PhasedUser> users) {
        java.util.TreeSet<Double> cuts = new java.util.TreeSet<>();
        cuts.add(0.0);
        cuts.add(wall);
        double first = Double.MAX_VALUE;
        double last = -1;
        for (PhasedUser u : users) {
            cuts.add(Math.max(0, Math.min(wall, u.start())));
            first = Math.min(first, u.start());
            last = Math.max(last, u.end());
        }
        cuts.add(Math.max(0, Math.min(wall, last)));
        // the phases: from one cut to the next, except that after a stretch two or more users shared, an
        // arrival does not cut (it may have been delayed by the lock: its starter waiting for it)
        Double[] at = cuts.toArray(new Double[0]);
        double total = 0;
        int phases = 0;
        int from = 0;
        while (from < at.length - 1) {
            int to = from + 1;
            while (to < at.length - 1 && at[to] < last && present(users, at[from], at[to]) >= 2) {
                to++;
            }
            double a = at[from];
            double b = at[to];
            double max = 0;
            double sum = 0;
            boolean anyone = false;
            for (PhasedUser u : users) {
                double there = Math.min(b, u.end()) - Math.max(a, u.start());
                if (there <= 0) {
                    continue;
                }
                anyone = true;
                double h = sumOver(u.held(), bucketNanos, wall, a, b);
                double w = sumOver(u.waiting(), bucketNanos, wall, a, b);
                double c = sumOver(u.conditionWait(), bucketNanos, wall, a, b);
                double wk = h * u.heldWork() + Math.max(0, there - h - w - c) * u.outsideWork();
                max = Math.max(max, wk);
                sum += wk;
            }
            if (anyone) {
                phases++;
                total += Math.max(max, sum / cores);
            } else {
                total += b - a;
            }
            from = to;
        }
        double period = users.isEmpty() ? 0 : Math.max(0, Math.min(wall, last) - Math.max(0, first));
        return finish(wall, cores, users.size(), work, longest, period, total - (wall - period), total, phases,
                bucketNanos);
    }

    /** How many users were there at some moment of [a, b). */
    private static int present(List<PhasedUser> users, double a, double b) {
        int n = 0;
        for (PhasedUser u : users) {
            if (Math.min(b, u.end()) - Math.max(a, u.start()) > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The nanoseconds of {@code perBucket} inside [a, b): whole buckets, and of a bucket cut by a or b the
     * part inside, its time taken as spread evenly over it (the buckets say no more).
     */
    static double sumOver(long[] perBucket, long bucketNanos, double wall, double a, double b) {
        if (perBucket == null || b <= a) {
            return 0;
        }
        double sum = 0;
        int k0 = (int) Math.max(0, Math.floor(a / bucketNanos));
        for (int k = k0; k < perBucket.length && (double) k * bucketNanos < b; k++) {
            double from = (double) k * bucketNanos;
            double to = Math.min(wall, from + bucketNanos);
            if (to <= from) {
                break;
            }
            double inside = Math.min(b, to) - Math.max(a, from);
            if (inside > 0) {
                sum += perBucket[k] * (inside / (to - from));
            }
        }
        return sum;
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
                .append(Words.ns(p.scheduled())).append(" on ").append(Words.plural(p.cores(), "core"));
        if (p.phases() > 0) {
            b.append(", scheduled phase by phase: in each of the ").append(Words.plural(p.phases(), "phase"))
                    .append(" that begin where a thread first used the lock (its work there from the"
                    + " timeline's buckets of ").append(Words.ns(p.phaseNanos())).append("), the larger of one thread's work"
                    + " there and the work there shared by the cores, so that work only one thread was there to do (a main"
                    + " thread starting the program alone) is not spread over cores it never had; the ")
                    .append(Words.ns(p.wall() - p.lockPeriod()))
                    .append(" of the run before the first and after the last use of the lock stay as they were");
        } else {
            b.append(" (the larger of the busiest thread's work and the total shared by the cores)");
        }
        if (p.phases() > 0) {
            // said above
        } else if (p.lockPeriod() < 0) {
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
