package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mlptrainer.Decimals;
import mlptrainer.LogLimiter;
import mlptrainer.Untrusted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one round: fans them out to free nodes as the policy chooses, collects
 * results and failures, and re-runs a task elsewhere when its node rejects it, fails, times out
 * or sends a bad result; starts a backup attempt for a straggler; fails the job when a task
 * cannot be placed within the bounds of {@link SchedulerOptions}. One node never holds more tasks
 * than its slots, and no free node idles while a task waits. Results come back in shard order
 * whichever node ran what.
 *
 * <p>Deltas are screened before a round's results are returned: each result against the absolute
 * bound of its task ({@link DeltaBound}) when it arrives, and, once all are in, against the
 * round's results from other nodes ({@link DeltaScreen}). A refused result is a bad result: its
 * task runs again on another node. The job fails when a task gets too many bad results, or a node's
 * results are refused too often in the job ({@link FailureTolerance}).
 *
 * <p>One instance per job (it remembers the job's screening across rounds), used by the job's thread.
 */
final class RoundRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RoundRunner.class);
    private static final long RETRY_AFTER_ALL_REJECTED_NANOS = 50_000_000L;
    private static final long MAX_WAIT_MS = 200;
    /** Two norms this close are the same result computed twice (a re-run reproduced a refused result). */
    private static final double SAME_NORM = 1e-9;
    /** The refusal's WARN line: once per node in the job (one job runs for far less than a year). */
    private final LogLimiter refusalWarnings = new LogLimiter(TimeUnit.DAYS.toMillis(365), 1024);
    private final Map<NodeHandle, Integer> implausibleByNode = new HashMap<>();
    /** The median log size ({@link DeltaScreen}) of the last round's accepted results; NaN before the first. */
    private double acceptedMedian = Double.NaN;
    /**
     * How long a round that ends early waits, beyond the connect timeout, for its withdrawn attempts
     * to let go of their node slots.
     */
    private static final long WITHDRAW_GRACE_MS = 1_000;
    /**
     * A call's socket waits this much longer than the task timeout, so that the round loop, not the
     * socket, abandons a silent attempt, and asks its node to stop it.
     */
    private static final int READ_TIMEOUT_GRACE_MS = 1_000;
    private final NodeRegistry registry;
    private final SchedulingPolicy policy;
    private final NodeClient client;
    private final ExecutorService rpcThreads;
    private final SchedulerOptions options;
    private FaultInjection injection = FaultInjection.NONE;

    RoundRunner(NodeRegistry registry, SchedulingPolicy policy, NodeClient client, ExecutorService rpcThreads,
            SchedulerOptions options) {
        this.registry = registry;
        this.policy = policy;
        this.client = client;
        this.rpcThreads = rpcThreads;
        this.options = options;
    }

    /** @return this runner, changing the job's results as {@code faults} says before they are screened */
    RoundRunner injecting(FaultInjection faults) {
        this.injection = faults;
        return this;
    }

    /**
     * @return the work budget a node gets for a task (TaskRequest.budget_ms), in milliseconds: past
     *         the task timeout and the call's own read timeout, so that the coordinator abandons a
     *         task first and the budget only stops what its cancel did not reach
     */
    static long nodeWorkBudgetMs(int taskTimeoutMs) {
        return taskTimeoutMs + 2L * READ_TIMEOUT_GRACE_MS;
    }

    /**
     * One attempt of a task on a node. Its clock (for the task timeout, backups and the timeline)
     * starts when it is sent, or, when it was sent to wait on its node behind the tasks in all the
     * node's slots, when one of those ended: waiting there is not slowness. The loop and the attempt's
     * RPC thread both read the clock: its start is set once, under the attempt's lock.
     */
    private static final class Attempt {
        final TaskState task;
        final NodeHandle node;
        final long sentNanos;
        final long sentEpochMs = System.currentTimeMillis();
        final boolean queued;
        final NodeClient.Call call;
        boolean expired;
        private boolean clockRunning;
        private long startNanos;

        Attempt(TaskState task, NodeHandle node, long sentNanos, boolean queued, long queuedBudgetMs) {
            this.task = task;
            this.node = node;
            this.sentNanos = sentNanos;
            this.queued = queued;
            this.clockRunning = !queued;
            this.startNanos = sentNanos;
            String key = task.plan.task().cancelKey();
            // each attempt its own key: a late cancel of this one must not stop a retry on the same node
            this.call = new NodeClient.Call(key == null ? null : key + "#" + ++task.attempts,
                    queued ? queuedBudgetMs : 0);
        }

        /**
         * @param lastReleaseNanos when an attempt on the node last ended (no earlier than {@link #sentNanos})
         * @param latestNanos      the latest its clock starts: a task timeout after it was sent (the one
         *                         ahead of it on the node is abandoned by then)
         * @return whether its clock runs (from {@link #startNanos})
         */
        synchronized boolean clockRunning(long lastReleaseNanos, long nowNanos, long latestNanos) {
            if (!clockRunning && (lastReleaseNanos != sentNanos || nowNanos - latestNanos >= 0)) {
                startNanos = lastReleaseNanos != sentNanos ? lastReleaseNanos : latestNanos;
                clockRunning = true;
            }
            return clockRunning;
        }

        /** @return when its clock started; meaningful once {@link #clockRunning} said so */
        synchronized long startNanos() {
            return startNanos;
        }
    }

    private record Done(Attempt attempt, AttemptResult result) {
    }

    /** A task's life in this round. */
    private static final class TaskState {
        final TaskPlan plan;
        AttemptResult result;
        /** The attempt whose result was accepted, that result's L2 norm and its log size for {@link DeltaScreen}. */
        Attempt resultAttempt;
        double resultNorm;
        double resultLogSize;
        /** Norms of this task's results refused as too large for the round, by sender. */
        final Map<NodeHandle, Double> refusedNorms = new HashMap<>();
        final List<Attempt> running = new ArrayList<>();
        final Set<NodeHandle> rejectedBy = new HashSet<>();
        /** Nodes that sent this task bad deltas: never offered it again (a second bad result fails the job). */
        final Set<NodeHandle> badResultFrom = new HashSet<>();
        final Map<NodeHandle, String> nodeErrors = new LinkedHashMap<>();
        final Map<String, String> lastErrors = new LinkedHashMap<>();
        int failures;
        int badResults;
        int attempts;
        long pendingSinceNanos;
        long waitedNanos;
        long notBeforeNanos;

        TaskState(TaskPlan plan, long now) {
            this.plan = plan;
            this.pendingSinceNanos = now;
        }

        boolean waiting() {
            return result == null && running.isEmpty();
        }

        String name() {
            return plan.trainingFile();
        }
    }

    /** The mutable state of one call of {@link #run}. */
    private final class Round {
        final String label;
        final int number;
        final List<TaskState> tasks = new ArrayList<>();
        final BlockingQueue<Done> events = new LinkedBlockingQueue<>();
        final List<Long> finishedNanos = new ArrayList<>();
        final JobProgress progress;
        final JobNodeCounters nodeCounters;
        final long startNanos = System.nanoTime();
        int remaining;
        int attempts;

        Round(String label, int number, List<TaskPlan> plans, JobProgress progress, JobNodeCounters nodeCounters) {
            this.label = label;
            this.number = number;
            this.progress = progress;
            this.nodeCounters = nodeCounters;
            long now = System.nanoTime();
            plans.forEach(p -> tasks.add(new TaskState(p, now)));
            this.remaining = plans.size();
        }
    }

    /**
     * @param label        how logs name the round ("round 3/15")
     * @param number       the round's 1-based number, for the job's timeline
     * @param plans        the tasks, in shard order
     * @param progress     updated as tasks start and finish
     * @param nodeCounters the job's per-node counts: told of every offer and of every attempt's end
     * @param cancelled    polled; when true the round stops with a JobFailedException
     * @return each task's accepted result, in the order of {@code plans}
     */
    List<AttemptResult> run(String label, int number, List<TaskPlan> plans, JobProgress progress,
            JobNodeCounters nodeCounters, BooleanSupplier cancelled) throws JobFailedException, InterruptedException {
        Round round = new Round(label, number, plans, progress, nodeCounters);
        progress.roundStarted(plans.size());
        try {
            do {
                while (round.remaining > 0) {
                    if (cancelled.getAsBoolean()) {
                        throw new JobFailedException("cancelled");
                    }
                    step(round);
                }
            } while (refuseOutliers(round));
        } catch (JobFailedException | InterruptedException | RuntimeException | Error e) {
            abortAll(round);
            throw e;
        }
        List<AttemptResult> out = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        round.tasks.forEach(t -> {
            out.add(t.result);
            sizes.add(t.resultLogSize);
        });
        acceptedMedian = DeltaScreen.median(sizes);
        // scripts/bench.sh reads this line: the tasks' wall time beyond the nodes' own (their logs)
        LOG.info("{}: {} tasks ({} attempts) in {} ms", label, plans.size(), round.attempts,
                Decimals.millisFromNanos(System.nanoTime() - round.startNanos));
        return out;
    }

    private void step(Round round) throws JobFailedException, InterruptedException {
        long now = System.nanoTime();
        dispatch(round, now);
        expireTimedOut(round, now);
        speculate(round, now);
        failIfStalled(round, now);
        Done done = round.events.poll(waitMillis(round, now), TimeUnit.MILLISECONDS);
        while (done != null) {
            handle(round, done);
            done = round.events.poll();
        }
    }

    private void dispatch(Round round, long now) {
        for (TaskState task : round.tasks) {
            if (!task.waiting() || task.notBeforeNanos > now) {
                continue;
            }
            List<NodeHandle> free = registry.free(now);
            if (free.isEmpty()) {
                free = registry.queueable(now); // only when no node is idle: a queued task waits
            }
            if (free.isEmpty()) {
                return;
            }
            List<NodeHandle> candidates = new ArrayList<>(free);
            candidates.removeIf(n -> excluded(task, n));
            if (candidates.isEmpty()) {
                // every free node declined it just now: offer it again shortly rather than spin
                task.rejectedBy.clear();
                task.notBeforeNanos = now + RETRY_AFTER_ALL_REJECTED_NANOS;
                continue;
            }
            start(round, task, policy.choose(candidates), now, false);
        }
    }

    /** @return true when the task must not go to this node: it declined, failed or cannot run it */
    private boolean excluded(TaskState task, NodeHandle n) {
        return task.rejectedBy.contains(n) || task.nodeErrors.containsKey(n) || task.badResultFrom.contains(n)
                || !client.mayRun(n, task.plan);
    }

    private void start(Round round, TaskState task, NodeHandle node, long now, boolean backup) {
        boolean queued = registry.acquire(node);
        if (task.running.isEmpty()) {
            task.waitedNanos += now - task.pendingSinceNanos;
        }
        // a queued task may wait on its node up to a task timeout before its slot frees
        Attempt attempt = new Attempt(task, node, now, queued, options.taskTimeoutMs());
        task.running.add(attempt);
        round.progress.attemptStarted(task.plan.shard(), node.toString());
        round.nodeCounters.offered(node);
        round.attempts++;
        LOG.debug("{}: {} shard {} ({}) on node {}{}", round.label, backup ? "backup for" : "offering",
                task.plan.shard() + 1, task.name(), node, queued ? ", queued behind its running task" : "");
        rpcThreads.execute(() -> round.events.add(new Done(attempt, runAttempt(attempt, round.nodeCounters))));
    }

    /**
     * Runs on an RPC thread: the call, then the node's bookkeeping (its counts across all jobs and
     * in this job, its state), before the loop hears of it. Never throws: anything thrown here, an
     * OutOfMemoryError included, becomes a failed attempt that frees its slot, or the round would
     * wait for it for ever with the slot taken.
     */
    private AttemptResult runAttempt(Attempt a, JobNodeCounters jobCounters) {
        AttemptResult r;
        try {
            long queueMs = a.queued ? options.taskTimeoutMs() : 0;
            int readTimeoutMs = (int) Math.min(Integer.MAX_VALUE,
                    queueMs + options.taskTimeoutMs() + READ_TIMEOUT_GRACE_MS);
            r = client.run(a.node, a.task.plan, readTimeoutMs, a.call);
            a.node.count(r);
            jobCounters.attemptEnded(a.node, r);
        } catch (Throwable t) {
            r = failedOnCoordinator(a, t);
        }
        clockRunning(a, System.nanoTime()); // before its own release, which must not start its clock
        if (r.kind() == AttemptResult.Kind.TRANSPORT_ERROR && !a.call.withdrawn()) {
            registry.releaseFailed(a.node, r.error(), System.nanoTime());
        } else {
            registry.releaseAnswered(a.node, a.node.report.slots());
        }
        return r;
    }

    /**
     * The coordinator failed, not the node: the attempt ends as an error about the task (it is not
     * offered to this node again, and the job fails once the nodes it may try have failed it), and
     * the node is neither counted nor marked down for it.
     */
    private static AttemptResult failedOnCoordinator(Attempt a, Throwable t) {
        String label = a.task.plan.task().label();
        LOG.error("{}: the call to node {} failed on the coordinator", label == null ? a.task.name() : label, a.node,
                t);
        return AttemptResult.failed(AttemptResult.Kind.NODE_ERROR,
                Failures.describe(t, "the coordinator during the call"), 0);
    }

    private void handle(Round round, Done done) throws JobFailedException {
        Attempt a = done.attempt();
        TaskState task = a.task;
        AttemptResult r = done.result();
        task.running.remove(a);
        boolean alreadyTaken = task.result != null;
        boolean raced = !task.running.isEmpty();
        try {
            if (alreadyTaken) {
                LOG.debug("{}: shard {}: a later attempt on {} ended ({}), result already taken", round.label,
                        task.plan.shard() + 1, a.node, r.kind());
                return;
            }
            decide(round, task, a, r);
        } finally {
            // after the decision, so that a result the screen refused shows as failed, not accepted
            TaskAttempt ended = timelineEntry(round, a, r, alreadyTaken, raced);
            round.progress.attemptEnded(ended);
            client.events.attemptEnded(ended);
        }
    }

    private void decide(Round round, TaskState task, Attempt a, AttemptResult r) throws JobFailedException {
        switch (r.kind()) {
            case ACCEPTED -> acceptWithinBound(round, task, a, injection.apply(task.plan.shard(), r));
            case REJECTED -> {
                round.progress.rejected();
                task.rejectedBy.add(a.node);
                LOG.debug("{}: node {} rejected shard {}", round.label, a.node, task.plan.shard() + 1);
            }
            case INELIGIBLE -> {
                task.lastErrors.put(a.node.toString(), r.error());
                LOG.info("{}: node {} {}; shard {} goes elsewhere", round.label, a.node, r.error(),
                        task.plan.shard() + 1);
            }
            default -> recordFailure(round, task, a, r);
        }
        if (task.waiting()) {
            task.pendingSinceNanos = System.nanoTime();
        }
    }

    /**
     * @param alreadyTaken whether another attempt's result had been taken when this one ended
     * @param raced        whether another attempt of the task still ran when this one ended
     */
    private static TaskAttempt timelineEntry(Round round, Attempt a, AttemptResult r, boolean alreadyTaken,
            boolean raced) {
        boolean taken = a.task.resultAttempt == a;
        TaskAttempt.Outcome outcome = switch (r.kind()) {
            case ACCEPTED -> alreadyTaken ? TaskAttempt.Outcome.BACKUP_LOST
                    : !taken ? TaskAttempt.Outcome.FAILED
                    : raced ? TaskAttempt.Outcome.BACKUP_WON : TaskAttempt.Outcome.ACCEPTED;
            case REJECTED, INELIGIBLE -> TaskAttempt.Outcome.REJECTED;
            default -> TaskAttempt.Outcome.FAILED;
        };
        // shortened as shown anywhere: a timeline keeps thousands of these, and a node chooses its error text
        String detail = r.error() != null ? Untrusted.shown(r.error())
                : outcome == TaskAttempt.Outcome.FAILED ? "result refused by the delta screen" : "";
        long durationMs = (System.nanoTime() - a.startNanos()) / 1_000_000L;
        long startEpochMs = a.sentEpochMs + (a.startNanos() - a.sentNanos) / 1_000_000L;
        return new TaskAttempt(round.number, a.task.plan.shard() + 1, a.node.toString(), startEpochMs, durationMs,
                outcome, detail);
    }

    /** Accepts the result unless its norm exceeds the task's absolute bound, which makes it a bad result. */
    private void acceptWithinBound(Round round, TaskState task, Attempt a, AttemptResult r)
            throws JobFailedException {
        double norm = DeltaBound.norm(r.deltas());
        double logBound = task.plan.deltaLimits().logBound();
        if (Math.log(norm) > logBound) {
            refuse(round, task, a, r, norm, "bound " + DeltaBound.format(logBound));
            return;
        }
        accept(round, task, a, r, norm);
    }

    private void accept(Round round, TaskState task, Attempt a, AttemptResult r, double norm) {
        task.result = r;
        task.resultAttempt = a;
        task.resultNorm = norm;
        task.resultLogSize = Math.log(norm) - task.plan.deltaLimits().logScale();
        round.remaining--;
        round.finishedNanos.add(System.nanoTime() - a.startNanos());
        round.progress.taskDone(task.plan.shard());
        // a backup still running is left to finish and be discarded: aborting it would not stop the node
        LOG.debug("{}: shard {} done on {} in {} ms; deltas' norm {} (bound {})", round.label, task.plan.shard() + 1,
                a.node, r.busyMs(), format(norm), DeltaBound.format(task.plan.deltaLimits().logBound()));
    }

    /**
     * The relative check, once every task has a result: refuses each result far above the round's
     * typical size from other nodes, unless another node reproduced it (honest results repeat: an
     * honest shard whose training diverges is far above the others, and a second node confirms it).
     * A cluster of one node has no other node to re-run a result on or to confirm it, so it is not checked.
     *
     * @return whether a result was refused (its task waits for a node again)
     */
    private boolean refuseOutliers(Round round) throws JobFailedException {
        if (registry.members(System.nanoTime()) < 2) {
            return false;
        }
        List<DeltaScreen.Sent> sent = new ArrayList<>();
        round.tasks.forEach(t -> sent.add(new DeltaScreen.Sent(t.resultLogSize, t.resultAttempt.node)));
        double[] typical = DeltaScreen.typicalSizes(sent, acceptedMedian);
        boolean refused = false;
        for (int i = 0; i < typical.length; i++) {
            TaskState task = round.tasks.get(i);
            // a reproduction clears the refused node whether or not the new result is itself an outlier:
            // with few nodes, the re-run's typical size comes from other shards and may let it pass
            if (!reproduced(round, task) && DeltaScreen.implausible(task.resultLogSize, typical[i])) {
                Attempt a = task.resultAttempt;
                AttemptResult r = task.result;
                task.result = null;
                task.resultAttempt = null;
                round.remaining++;
                task.pendingSinceNanos = System.nanoTime();
                task.refusedNorms.put(a.node, task.resultNorm);
                round.progress.taskUndone();
                // the median of the other nodes' results, in this task's units
                String median = DeltaBound.format(typical[i] + task.plan.deltaLimits().logScale());
                refuse(round, task, a, r, task.resultNorm, "round median " + median);
                refused = true;
            }
        }
        return refused;
    }

    /**
     * @return true when another node refused earlier for this task sent a result of the same norm:
     *         the refused one was honest, so it no longer counts against its node
     */
    private boolean reproduced(Round round, TaskState task) {
        for (Map.Entry<NodeHandle, Double> e : task.refusedNorms.entrySet()) {
            if (!e.getKey().equals(task.resultAttempt.node)
                    && Math.abs(e.getValue() - task.resultNorm) <= SAME_NORM * task.resultNorm) {
                implausibleByNode.merge(e.getKey(), -1, Integer::sum);
                task.badResults--;
                LOG.info("{}: shard {}: node {} reproduced the result refused from {}; accepting it", round.label,
                        task.plan.shard() + 1, task.resultAttempt.node, e.getKey());
                task.refusedNorms.clear();
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses an implausible result as a bad one: its task runs elsewhere; the job fails when the
     * node keeps sending them or the task got too many bad results ({@link FailureTolerance}).
     */
    private void refuse(Round round, TaskState task, Attempt a, AttemptResult r, double norm, String comparedWith)
            throws JobFailedException {
        String what = "deltas' norm " + format(norm) + " is implausible (" + comparedWith + ")";
        long skipped = refusalWarnings.admit(a.node.toString());
        if (skipped >= 0) {
            LOG.warn("{}: shard {} from node {}: {}; running it elsewhere{}", round.label, task.plan.shard() + 1,
                    a.node, what, LogLimiter.suppressed(skipped));
        }
        a.node.countRefused(r);
        round.nodeCounters.refused(a.node, r);
        client.events.refused("bad_delta");
        int count = implausibleByNode.merge(a.node, 1, Integer::sum);
        if (count >= options.tolerance().maxImplausiblePerNode()) {
            throw new JobFailedException("node " + a.node + " sent implausible deltas " + count
                    + " times in this job (last: " + round.label + ", " + task.name() + ": " + what
                    + "); the model is left unchanged");
        }
        recordFailure(round, task, a, AttemptResult.failed(AttemptResult.Kind.BAD_RESULT, what, r.busyMs()));
    }

    private static String format(double value) {
        return DeltaBound.format(Math.log(value));
    }

    private void recordFailure(Round round, TaskState task, Attempt a, AttemptResult r) throws JobFailedException {
        // a node that cannot be reached never saw the task: it is backed off, and the task's wait for
        // another node is bounded by the no-node timeout, not by its failures
        boolean neverSent = r.kind() == AttemptResult.Kind.TRANSPORT_ERROR && !a.call.reachedNode();
        task.failures += neverSent ? 0 : 1;
        task.lastErrors.put(a.node.toString(), r.error());
        round.progress.failed(task.plan.shard(), a.node.toString());
        LOG.info("{}: shard {} on node {} failed ({}); running it elsewhere", round.label, task.plan.shard() + 1,
                a.node, r.error());
        if (r.kind() == AttemptResult.Kind.NODE_ERROR) {
            task.nodeErrors.put(a.node, r.error());
            int members = Math.max(1, registry.members(System.nanoTime()));
            if (task.nodeErrors.size() >= Math.min(options.tolerance().maxNodeErrorsPerTask(), members)) {
                throw new JobFailedException(task.name() + " failed on every node tried: " + errors(task));
            }
        } else if (r.kind() == AttemptResult.Kind.BAD_RESULT
                && ++task.badResults >= options.tolerance().maxBadResultsPerTask()) {
            throw new JobFailedException(task.name() + ": bad deltas " + times(task.badResults)
                    + ", the model is left unchanged: " + errors(task));
        }
        if (r.kind() == AttemptResult.Kind.BAD_RESULT) {
            task.badResultFrom.add(a.node);
        }
        if (task.failures >= options.tolerance().maxFailuresPerTask()) {
            throw new JobFailedException(task.name() + " failed " + task.failures + " times: " + errors(task));
        }
    }

    private static String times(int n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    private void expireTimedOut(Round round, long now) {
        long limit = TimeUnit.MILLISECONDS.toNanos(options.taskTimeoutMs());
        for (TaskState task : round.tasks) {
            for (Attempt a : task.running) {
                if (!a.expired && clockRunning(a, now) && now - a.startNanos() > limit) {
                    a.expired = true;
                    LOG.info("{}: shard {} on node {}: no reply after {} ms, abandoning it", round.label,
                            task.plan.shard() + 1, a.node, options.taskTimeoutMs());
                    a.call.abort();
                    stopOnNodes(List.of(a), round.label + " abandoned shard " + (task.plan.shard() + 1));
                }
            }
        }
    }

    /** MapReduce's backup tasks: once nothing waits, re-run a straggler on a free node; first result wins. */
    private void speculate(Round round, long now) {
        if (options.speculateAfter() <= 0 || round.finishedNanos.isEmpty()
                || round.tasks.stream().anyMatch(TaskState::waiting)) {
            return;
        }
        long threshold = Math.max(options.speculateMinMs() * 1_000_000L,
                (long) (options.speculateAfter() * median(round.finishedNanos)));
        for (TaskState task : round.tasks) {
            if (task.result != null || task.running.size() != 1) {
                continue;
            }
            Attempt only = task.running.get(0);
            if (clockRunning(only, now) && now - only.startNanos() > threshold) {
                List<NodeHandle> free = registry.free(now);
                free.remove(only.node);
                free.removeIf(n -> excluded(task, n));
                if (free.isEmpty()) {
                    return;
                }
                start(round, task, policy.choose(free), now, true);
            }
        }
    }

    /** @return whether the attempt's clock runs: it was not queued on its node, or a slot freed there since */
    private boolean clockRunning(Attempt a, long now) {
        return !a.queued || a.clockRunning(registry.lastReleaseNanos(a.node, a.sentNanos), now,
                a.sentNanos + TimeUnit.MILLISECONDS.toNanos(options.taskTimeoutMs()));
    }

    private void failIfStalled(Round round, long now) throws JobFailedException {
        long limit = TimeUnit.MILLISECONDS.toNanos(options.noNodeTimeoutMs());
        for (TaskState task : round.tasks) {
            if (task.waiting() && task.waitedNanos + (now - task.pendingSinceNanos) > limit) {
                throw new JobFailedException("no compute node took " + task.name() + " within "
                        + options.noNodeTimeoutMs() + " ms; " + nodesTried(task, now));
            }
        }
    }

    private String nodesTried(TaskState task, long now) {
        List<String> parts = new ArrayList<>();
        for (NodeHandle n : registry.all()) {
            String err = task.lastErrors.getOrDefault(n.toString(), registry.lastError(n));
            parts.add(n + " (" + (err == null ? (task.rejectedBy.contains(n) ? "rejected" : "busy") : err) + ")");
        }
        return parts.isEmpty() ? "no compute nodes are listed or joined" : "nodes: " + String.join(", ", parts);
    }

    private static String errors(TaskState task) {
        List<String> parts = new ArrayList<>();
        task.lastErrors.forEach((node, err) -> parts.add(node + ": " + err));
        return String.join("; ", parts);
    }

    private long waitMillis(Round round, long now) {
        long next = registry.nextRetryNanos(now);
        for (TaskState t : round.tasks) {
            if (t.waiting() && t.notBeforeNanos > now) {
                next = Math.min(next, t.notBeforeNanos);
            }
        }
        long ms = next == Long.MAX_VALUE ? MAX_WAIT_MS : (next - now) / 1_000_000L + 1;
        return Math.max(1, Math.min(MAX_WAIT_MS, ms));
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * The round ends early (the job failed or was cancelled): withdraws its running attempts, asks
     * their nodes to stop them, and waits, bounded, until each attempt has let go of its node slot.
     */
    private void abortAll(Round round) {
        List<Attempt> running = new ArrayList<>();
        round.tasks.forEach(t -> running.addAll(t.running));
        running.forEach(a -> a.call.withdraw());
        stopOnNodes(running, round.label + " ended early");
        awaitEnded(round, running.size(), options.connectTimeoutMs() + WITHDRAW_GRACE_MS);
    }

    /** Asks the attempts' nodes to stop them, one new connection per node, on RPC threads (never blocking the loop). */
    private void stopOnNodes(List<Attempt> attempts, String why) {
        Map<NodeHandle, List<String>> keysByNode = new LinkedHashMap<>();
        for (Attempt a : attempts) {
            String key = a.call.cancelKey();
            if (key != null) {
                keysByNode.computeIfAbsent(a.node, n -> new ArrayList<>()).add(key);
            }
        }
        try {
            keysByNode.forEach((node, keys) -> rpcThreads.execute(() -> client.cancelTasks(node, keys, why)));
        } catch (RejectedExecutionException e) {
            // the coordinator is closing: the nodes stop these tasks at their work budget
            LOG.debug("{}: not asking nodes to stop tasks: the coordinator is closing", why);
        }
    }

    /** Takes the end events of {@code attempts} withdrawn attempts (each sends one), for at most {@code boundMs}. */
    private static void awaitEnded(Round round, int attempts, long boundMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMs);
        try {
            for (int ended = 0; ended < attempts; ended++) {
                if (round.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) == null) {
                    LOG.debug("{}: {} withdrawn attempt(s) still running after {} ms", round.label, attempts - ended,
                            boundMs);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
