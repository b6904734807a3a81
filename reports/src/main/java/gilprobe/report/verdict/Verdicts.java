package gilprobe.report.verdict;

import java.util.ArrayList;
import java.util.List;

import gilprobe.report.verdict.VerdictInput.ThreadInput;

/**
 * The one place where the verdict's numbers are defined and its diagnoses decided: the report model
 * ({@code Report}, for each lock of a run) and the agent's {@code interval=} summary lines call {@link #of}.
 * docs/design.md ("Verdict") states the same definitions and rules.
 *
 * <h2>Numbers</h2>
 * A thread <em>uses</em> the lock when it acquired, held or waited for it in the stretch; only users count
 * in the sums below. For each user, with H its hold time, W its wait, C its condition wait (inside
 * {@code wait()} on the lock) and S its span ({@link VerdictInput.SpanSource}, at least H + W + C):
 * <ul>
 *   <li><b>outside</b> O = S − H − W − C: time neither holding, waiting nor condition-waiting: running
 *       without the lock, or blocked elsewhere (I/O, sleep, join), which the agent cannot tell apart;</li>
 *   <li><b>work without the lock</b> E: when the thread ran dispatch-loop ticks under the lock, its ticks
 *       without the lock at the rate of its holds, {@code min(O, ticksNotHeld × H / ticksHeld)} (an
 *       interpreter that released the lock to block runs no ticks meanwhile); otherwise O, an upper
 *       estimate;</li>
 *   <li><b>held work</b> H': H, except for a thread that ran at least {@value #TICK_RATE_SHARE} of all the
 *       dispatch-loop ticks held: min(H, ticksHeld × r), with r the fewest nanoseconds per tick held among
 *       those threads. The same bytecode takes the same time at the same speed; a thread whose holds ran
 *       slower than another's ran them slower for reasons outside its work (a cold cache after a handoff, a
 *       core shared with a spinning waiter, preemption), and the fastest well-sampled thread is the closest
 *       to the uncontended speed the run shows. A thread with few ticks (a main thread that parses and starts
 *       the others under the lock) keeps its hold time: its holds are mostly not ticks;</li>
 *   <li><b>work</b> = H' + E; <b>demand</b> = work + W: the time the thread wanted to run.</li>
 * </ul>
 * With T the wall time of the stretch and N the cores:
 * <ul>
 *   <li>{@code utilization} = lock hold time / T; {@code speedupCap} = 1 / utilization (Amdahl);</li>
 *   <li>{@code threadsWaiting} = Σ W / T;</li>
 *   <li>{@code effectiveParallelism} P = min(N, Σ work / T);</li>
 *   <li>{@code coresLost} = max(0, min(N, Σ work / predicted) − P), with predicted the stretch's duration
 *       without the lock ({@link WhatIfs}): the cores the same work would have kept busy without the lock, less
 *       those it did. Idle while threads waited for the lock, or spent handing it over (the time between a
 *       release and the next request that the ticks show was not work), so at most N − P; 0 when the lock cost
 *       nothing. Σ work = P × T = (P + coresLost) × predicted: the lost cores and the what-if are one account;</li>
 *   <li>{@code waitShare} = Σ W / Σ demand, and per thread W / demand;</li>
 *   <li>{@code unheldWaitShare} = Σ W / (Σ W + Σ E);</li>
 *   <li>{@code contendedShare}, {@code selfReacquireRate}, {@code unfairRate}, {@code handoffRate}: those
 *       acquisitions / all acquisitions.</li>
 * </ul>
 * So waitShare = threadsWaiting / (Σ work / T + threadsWaiting): the wait share, the threads waiting and the
 * parallelism cannot disagree. Σ work is what a user measures as the sequential run's time for the same work
 * (one core doing all of it, nothing waiting); T / predicted is the measured threaded time over the one without
 * the lock.
 *
 * <h2>What-if</h2>
 * {@link WhatIf}, computed by {@link WhatIfs} from T, N, the users' work, the busiest user's work and the
 * lock's period (from every user's span start, {@link VerdictInput.ThreadInput#spanStartNanos()}, when all are
 * known).
 *
 * <h2>Diagnoses</h2>
 * In this order; each appears only when all its conditions hold (U₁ = utilization / objects, the
 * utilization of one designated object on average):
 * <ol>
 *   <li>{@code never-acquired}: the lock was never acquired. Nothing else is diagnosed.</li>
 *   <li>{@code gil-battle}: ≥ 2 threads, ≥ 2 cores, Σ H' / Σ work ≥ {@value #BATTLE_HELD_WORK} (the threads do
 *       most of their work holding the lock: waiters lose to a holder that works, not to a lock taken for a
 *       moment between long stretches of work without it),
 *       ≥ {@value #BATTLE_UNFAIR} unfair self re-acquires making ≥ {@value #BATTLE_UNFAIR_RATE} of all
 *       acquisitions (the churn: released and taken straight back while others wait),
 *       unheldWaitShare ≥ {@value #BATTLE_UNHELD_WAIT_SHARE} (the threads without the lock spend most of
 *       that time waiting for it) and coresLost ≥ {@value #BATTLE_CORES_LOST}.</li>
 *   <li>{@code convoy}: a thread A with ≥ {@value #CONVOY_ACQUISITIONS} acquisitions, at least
 *       {@value #CONVOY_CONTENDED} of them contended, whose median hold is at most 1/{@value #CONVOY_HOLD_RATIO}
 *       of another thread B's median hold (B with ≥ 2 holds), and whose median wait is at least
 *       {@value #CONVOY_WAIT_OF_HOLD} of B's median hold. A is the thread that waited longest in all, B the
 *       one with the longest median hold.</li>
 *   <li>{@code serial}: ≥ 2 threads and U₁ ≥ {@value #SERIAL_UTILIZATION}; severity {@code bad} when it comes
 *       first, else {@code warn}.</li>
 *   <li>only when none of the above: {@code no-contention} when contendedShare &lt; {@value #QUIET} and
 *       threadsWaiting &lt; {@value #QUIET}, else {@code contention}.</li>
 * </ol>
 */
public final class Verdicts {
    static final double BATTLE_HELD_WORK = 0.5;
    static final long BATTLE_UNFAIR = 10;
    static final double BATTLE_UNFAIR_RATE = 0.2;
    static final double BATTLE_UNHELD_WAIT_SHARE = 0.5;
    static final double BATTLE_CORES_LOST = 0.5;
    static final long CONVOY_ACQUISITIONS = 10;
    static final double CONVOY_CONTENDED = 0.5;
    static final long CONVOY_HOLD_RATIO = 10;
    static final double CONVOY_WAIT_OF_HOLD = 0.25;
    static final double SERIAL_UTILIZATION = 0.8;
    static final double QUIET = 0.05;
    static final double TICK_RATE_SHARE = 0.1;

    private Verdicts() {
    }

    /** The verdict on {@code in}. */
    public static Verdict of(VerdictInput in) {
        double wall = Math.max(0, in.wallNanos());
        int cores = Math.max(1, in.cores());
        int objects = Math.max(1, in.objects());
        List<Verdict.ThreadNumbers> perThread = new ArrayList<>(in.threads().size());
        List<ThreadInput> users = new ArrayList<>();
        long sumWait = 0;
        long sumWork = 0;
        long sumUnheldWork = 0;
        long sumHeld = 0;
        long longestWork = 0;
        long firstStart = Long.MAX_VALUE;
        long lastEnd = Long.MIN_VALUE;
        boolean extentsKnown = true;
        String spanSource = null;
        String workSource = null;
        long ticksHeld = ticksHeldByHolders(in.threads());
        double tickNanos = uncontendedTickNanos(in.threads(), ticksHeld);
        List<WhatIfs.PhasedUser> phased = in.phases() != null && in.phases().bucketNanos() > 0 ? new ArrayList<>() : null;
        for (ThreadInput t : in.threads()) {
            boolean user = t.acquisitions() > 0 || t.heldNanos() > 0 || t.waitNanos() > 0;
            long inLock = t.heldNanos() + t.waitNanos() + t.conditionWaitNanos();
            long span = Math.max(t.spanNanos(), inLock);
            long outside = span - inLock;
            boolean byTicks = t.ticksHeld() > 0 && t.heldNanos() > 0;
            long unheldWork = byTicks
                    ? Math.min(outside, Math.round((double) t.ticksNotHeld() * t.heldNanos() / t.ticksHeld()))
                    : outside;
            long held = byTicks && tickNanos > 0 && t.ticksHeld() >= TICK_RATE_SHARE * ticksHeld
                    ? Math.min(t.heldNanos(), Math.round(t.ticksHeld() * tickNanos)) : t.heldNanos();
            long work = held + unheldWork;
            perThread.add(new Verdict.ThreadNumbers(t.id(), span, work, ratio(t.waitNanos(), work + t.waitNanos()),
                    ratio(t.heldNanos(), wall), ratio(t.contendedAcquisitions(), t.acquisitions())));
            if (!user) {
                continue;
            }
            users.add(t);
            if (phased != null) {
                long[] h = in.phases().held().get(t.id());
                if (h == null) {
                    phased = null; // a user without buckets: the whole-stretch rule
                } else {
                    double startAt = t.spanStartNanos() < 0 ? 0 : t.spanStartNanos();
                    phased.add(new WhatIfs.PhasedUser(h, in.phases().waiting().get(t.id()),
                            in.phases().conditionWait().get(t.id()), startAt, startAt + span,
                            t.heldNanos() > 0 ? (double) held / t.heldNanos() : 1, outside > 0 ? (double) unheldWork / outside : 1));
                }
            }
            sumWait += t.waitNanos();
            sumWork += work;
            sumHeld += held;
            longestWork = Math.max(longestWork, work);
            if (t.spanStartNanos() < 0) {
                extentsKnown = false;
            } else {
                firstStart = Math.min(firstStart, t.spanStartNanos());
                lastEnd = Math.max(lastEnd, t.spanStartNanos() + span);
            }
            sumUnheldWork += unheldWork;
            spanSource = merge(spanSource, t.spanSource().json);
            workSource = merge(workSource, byTicks ? "ticks" : "span");
        }
        long acquisitions = in.acquisitions();
        double utilization = ratio(in.heldNanos(), wall);
        double speedupCap = utilization > 0 ? 1 / utilization : Double.POSITIVE_INFINITY;
        double threadsWaiting = ratio(sumWait, wall);
        double parallelism = Math.min(cores, ratio(sumWork, wall));
        WhatIfs.Prediction p = phased != null && !phased.isEmpty()
                ? WhatIfs.predictPhased(wall, cores, sumWork, longestWork, in.phases().bucketNanos(), phased)
                : WhatIfs.predict(wall, cores, users.size(), sumWork, longestWork,
                        users.isEmpty() || !extentsKnown ? -1 : Math.max(0, lastEnd - firstStart));
        double coresLost = Math.max(0, Math.min(cores - parallelism, Math.min(cores, ratio(sumWork, p.predicted()))
                - parallelism));
        Numbers n = new Numbers(in, users.size(), cores, objects, wall, utilization, speedupCap,
                ratio(sumWait, sumWork + sumWait), ratio(sumWait, sumWait + sumUnheldWork), threadsWaiting, parallelism,
                coresLost, ratio(in.contendedAcquisitions(), acquisitions), ratio(in.selfReacquire(), acquisitions),
                ratio(in.unfairSelfReacquire(), acquisitions), ratio(in.toOtherThread(), acquisitions), sumWork,
                sumHeld, p);
        String work = workSource == null ? "span" : workSource;
        Verdict.Convoy convoy = in.acquired() ? convoy(users) : null;
        List<Verdict.Diagnosis> diagnoses = diagnose(n, convoy);
        Verdict.Diagnosis first = diagnoses.get(0);
        return new Verdict(first.code(), first.severity(), first.line(), in.acquired() ? summary(n) : "", diagnoses,
                users.size(), cores, objects, utilization, speedupCap, n.waitShare, n.unheldWaitShare, threadsWaiting,
                parallelism, coresLost, n.contendedShare, n.selfRate, n.unfairRate, n.handoffRate,
                spanSource == null ? "run" : spanSource, work, convoy, perThread,
                new WhatIf(Math.round(p.predicted()), p.speedup(), in.acquired() ? WhatIfs.method(p, work, tickNanos)
                        : "The lock was never acquired: it cost nothing, and the run stays as it was."));
    }

    /** The numbers the rules and sentences read. */
    private record Numbers(VerdictInput in, int threads, int cores, int objects, double wall, double utilization,
                           double speedupCap, double waitShare, double unheldWaitShare, double threadsWaiting,
                           double parallelism, double coresLost, double contendedShare, double selfRate,
                           double unfairRate, double handoffRate, long work, long heldWork, WhatIfs.Prediction whatIf) {
        /** Utilization of one designated object on average. */
        double perObject() {
            return utilization / objects;
        }
    }

    private static List<Verdict.Diagnosis> diagnose(Numbers n, Verdict.Convoy convoy) {
        VerdictInput in = n.in;
        List<Verdict.Diagnosis> out = new ArrayList<>();
        if (!in.acquired()) {
            out.add(new Verdict.Diagnosis("never-acquired", "warn", "The designated lock was never acquired.",
                    "gilprobe watched " + in.spec() + " but no thread took it. Check the option: "
                            + (in.hasSuggestions() ? "the monitors this program used most are listed below, ready to paste."
                                    : "no other monitor was seen in use either.")));
            return out;
        }
        if (n.threads >= 2 && n.cores >= 2 && ratio(n.heldWork, n.work) >= BATTLE_HELD_WORK
                && in.unfairSelfReacquire() >= BATTLE_UNFAIR && n.unfairRate >= BATTLE_UNFAIR_RATE
                && n.unheldWaitShare >= BATTLE_UNHELD_WAIT_SHARE && n.coresLost >= BATTLE_CORES_LOST) {
            out.add(new Verdict.Diagnosis("gil-battle", "bad", "GIL battle.",
                    Words.percent(n.unfairRate) + " of acquisitions were the releasing thread taking the lock straight back"
                            + " while other threads waited; only " + Words.percent(n.handoffRate) + " passed it to another thread."
                            + " The waiting threads wake up, find the lock taken again and wait once more: of their time without"
                            + " the lock they spent " + Words.percent(n.unheldWaitShare) + " waiting for it. On "
                            + Words.plural(n.cores, "core") + ", " + Words.number(n.parallelism) + " threads did work at an average"
                            + " moment and " + Words.number(n.coresLost) + " cores stood idle that the work would have used"
                            + " without the lock."));
        }
        if (convoy != null) {
            long holds = Math.max(1, Math.round((double) convoy.waitP50() / convoy.byHoldP50()));
            out.add(new Verdict.Diagnosis("convoy", "bad", "Convoy.",
                    convoy.thread() + " holds the lock " + Words.ns(convoy.holdP50()) + " at a time (median) but waits "
                            + Words.ns(convoy.waitP50()) + " (median) to get it back, about "
                            + (holds == 1 ? "one hold" : Words.integer(holds) + " holds") + " of " + convoy.byThread()
                            + " (" + Words.ns(convoy.byHoldP50()) + " median). Its response time is set by the other"
                            + " thread's holds, not by its own work."));
        }
        if (n.threads >= 2 && n.perObject() >= SERIAL_UTILIZATION) {
            out.add(new Verdict.Diagnosis("serial", out.isEmpty() ? "bad" : "warn", "Effectively serial.",
                    (n.objects == 1
                            ? "The lock was held " + Words.percent(n.utilization) + " of the run. Its held sections run one at"
                                    + " a time and alone take that share of the run's time, so no number of cores can make this"
                                    + " run more than " + Words.times(n.speedupCap) + " faster (Amdahl)."
                            : "Each of the lock's " + n.objects + " objects was held " + Words.percent(n.perObject())
                                    + " of the run on average. The held sections of one object run one at a time, so most of"
                                    + " the time every object's users took turns.")));
        }
        if (out.isEmpty()) {
            if (n.contendedShare < QUIET && n.threadsWaiting < QUIET) {
                out.add(new Verdict.Diagnosis("no-contention", "good", "No contention.",
                        "Only " + Words.percent(n.contendedShare) + " of acquisitions found the lock taken, and on average "
                                + Words.number(n.threadsWaiting) + " threads were waiting for it. This lock is not what limits"
                                + " the program."));
            } else {
                out.add(new Verdict.Diagnosis("contention", "warn", "Contention.",
                        Words.percent(n.contendedShare) + " of acquisitions had to wait; on average "
                                + Words.number(n.threadsWaiting) + " threads were waiting for the lock at any moment"
                                + (n.coresLost >= 0.005 ? ", leaving " + Words.number(n.coresLost) + " cores idle" : "") + "."));
            }
        }
        return out;
    }

    private static String summary(Numbers n) {
        String held = n.objects == 1 ? "The lock was held " : "The lock's " + n.objects + " objects were held ";
        return held + Words.percent(n.utilization) + " of the " + Words.ns(n.wall) + " run" + (n.objects == 1 ? "" : " in all")
                + " by " + Words.plural(n.threads, "thread") + " on "
                + Words.plural(n.cores, "core") + "; of the time they wanted to run, those threads spent "
                + Words.percent(n.waitShare) + " waiting for it. Their work adds up to " + Words.ns(n.work)
                + " (one core's time for all of it); at an average moment " + Words.number(n.parallelism)
                + " threads did it, and " + Words.number(n.coresLost) + " cores stood idle that it would have used without"
                + " the lock. Without this lock: about " + Words.ns(n.whatIf.predicted()) + " ("
                + Words.times(n.whatIf.speedup()) + " faster)"
                + (n.objects == 1 ? "; with it, no number of cores can make this run more than " + Words.times(n.speedupCap)
                        + " faster." : ".");
    }

    /**
     * The convoy rule (class comment): among the users, A = the thread that waited longest in all of those
     * that qualify, B = the thread with the longest median hold of those it qualifies against.
     */
    private static Verdict.Convoy convoy(List<ThreadInput> users) {
        ThreadInput bestA = null;
        ThreadInput bestB = null;
        for (ThreadInput a : users) {
            if (a.acquisitions() < CONVOY_ACQUISITIONS || a.holds() == 0 || a.waits() == 0 || a.waitP50() <= 0
                    || a.contendedAcquisitions() < CONVOY_CONTENDED * a.acquisitions()) {
                continue;
            }
            ThreadInput b = null;
            for (ThreadInput c : users) {
                if (c != a && c.holds() >= 2 && c.holdP50() > 0 && a.holdP50() * CONVOY_HOLD_RATIO <= c.holdP50()
                        && a.waitP50() >= CONVOY_WAIT_OF_HOLD * c.holdP50() && (b == null || c.holdP50() > b.holdP50())) {
                    b = c;
                }
            }
            if (b != null && (bestA == null || a.waitNanos() > bestA.waitNanos())) {
                bestA = a;
                bestB = b;
            }
        }
        return bestA == null ? null : new Verdict.Convoy(bestA.id(), bestA.name(), bestA.holdP50(), bestA.waitP50(),
                bestB.id(), bestB.name(), bestB.holdP50());
    }

    /**
     * The held work's uncontended speed (class comment, "held work"): the fewest nanoseconds per dispatch tick
     * held of the users that ran at least {@value #TICK_RATE_SHARE} of all ticks held; 0 when no user ran ticks.
     */
    private static double uncontendedTickNanos(List<ThreadInput> threads, long ticks) {
        double best = 0;
        for (ThreadInput t : threads) {
            if (t.heldNanos() > 0 && t.ticksHeld() > 0 && t.ticksHeld() >= TICK_RATE_SHARE * ticks) {
                double rate = (double) t.heldNanos() / t.ticksHeld();
                best = best == 0 ? rate : Math.min(best, rate);
            }
        }
        return best;
    }

    /** Dispatch ticks run under the lock, by the threads that held it. */
    private static long ticksHeldByHolders(List<ThreadInput> threads) {
        long ticks = 0;
        for (ThreadInput t : threads) {
            if (t.heldNanos() > 0) {
                ticks += t.ticksHeld();
            }
        }
        return ticks;
    }

    private static String merge(String sofar, String next) {
        return sofar == null || sofar.equals(next) ? next : "mixed";
    }

    private static double ratio(double a, double b) {
        return b > 0 ? a / b : 0;
    }
}
