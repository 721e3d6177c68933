package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a running job has done so far, written by its round loop and read by status calls.
 * Thread-safe: every method synchronises; {@link #awaitChange} lets a status call wait for news.
 * News of single tasks reaches a waiting status call at most every {@link #TASK_NEWS_DELAY_MS}: on
 * small shards tasks end every fraction of a millisecond, and a client waiting for news would
 * otherwise fetch the job's status for each, taking the CPU the nodes and the round loop need.
 */
public final class JobProgress {
    /** The most task attempts a job's timeline keeps. */
    public static final int MAX_ATTEMPTS_KEPT = 20_000;
    /** How long a wait for news holds news of tasks alone; a round's or the job's end ends it at once. */
    static final long TASK_NEWS_DELAY_MS = 100;
    private int round;
    private int tasksDone;
    private int tasksTotal;
    private int rejections;
    private int retries;
    private final Set<String> failedNodes = new LinkedHashSet<>();
    private final Map<Integer, String> running = new TreeMap<>();
    private final List<RoundResult> rounds = new ArrayList<>();
    private final List<TaskAttempt> attempts = new ArrayList<>();
    private long attemptsDropped;
    private long version;
    /** The version of the last change that wakes waiting status calls at once. */
    private long urgentVersion;
    /** Status calls waiting that take news of tasks now: changed() wakes them. */
    private int waitingForAnyNews;

    synchronized void roundStarted(int tasks) {
        tasksDone = 0;
        tasksTotal = tasks;
        running.clear();
        changed();
    }

    synchronized void attemptStarted(int shard, String node) {
        running.put(shard + 1, node);
        changed();
    }

    synchronized void taskDone(int shard) {
        tasksDone++;
        running.remove(shard + 1);
        changed();
    }

    /** A task counted as done had its result refused: it is not done after all and runs again. */
    synchronized void taskUndone() {
        tasksDone--;
        changed();
    }

    synchronized void rejected() {
        rejections++;
        changed();
    }

    synchronized void failed(int shard, String node) {
        retries++;
        failedNodes.add(node);
        running.remove(shard + 1);
        changed();
    }

    /**
     * Adds an ended attempt to the job's timeline. The timeline keeps the first
     * {@link #MAX_ATTEMPTS_KEPT} attempts and counts the rest, so a long job's status stays bounded.
     */
    synchronized void attemptEnded(TaskAttempt attempt) {
        if (attempts.size() < MAX_ATTEMPTS_KEPT) {
            attempts.add(attempt);
        } else {
            attemptsDropped++;
        }
        changed();
    }

    /**
     * A round's figures, published after its validation; by then the next round may be running
     * (its tasks stay listed: every task of this round is done, so none of its own is left).
     */
    synchronized void roundFinished(RoundResult stat) {
        rounds.add(stat);
        round = stat.round();
        changedUrgently();
    }

    /** News of a task: wakes only the status calls that have held news for {@link #TASK_NEWS_DELAY_MS}. */
    private void changed() {
        version++;
        if (waitingForAnyNews > 0) {
            notifyAll();
        }
    }

    private void changedUrgently() {
        version++;
        urgentVersion = version;
        notifyAll();
    }

    /**
     * Waits until something changes after {@code seenVersion}, or the time is up: at once for a
     * round's or the job's end, for news of tasks no sooner than {@link #TASK_NEWS_DELAY_MS} (or the
     * time allowed) after the call.
     *
     * @return the version then
     */
    public synchronized long awaitChange(long seenVersion, long maxWaitMs) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + maxWaitMs * 1_000_000L;
        long settle = start + Math.min(maxWaitMs, TASK_NEWS_DELAY_MS) * 1_000_000L;
        // the caller's last view (seenVersion) was taken before this call: news since then is news
        while (urgentVersion <= seenVersion) {
            long now = System.nanoTime();
            boolean anyNews = now - settle >= 0;
            if ((anyNews && version != seenVersion) || now - deadline >= 0) {
                break;
            }
            waitForNews(anyNews ? deadline - now : settle - now, anyNews);
        }
        return version;
    }

    /** @return the status calls waiting now that take news of tasks (tests wait for one before sending news) */
    synchronized int waitingForAnyNews() {
        return waitingForAnyNews;
    }

    private void waitForNews(long nanos, boolean anyNews) throws InterruptedException {
        waitingForAnyNews += anyNews ? 1 : 0;
        try {
            wait(Math.max(1, (nanos + 999_999) / 1_000_000L));
        } finally {
            waitingForAnyNews -= anyNews ? 1 : 0;
        }
    }

    public synchronized long version() {
        return version;
    }

    /** Wakes waiting status calls (the job ended). */
    synchronized void touch() {
        changedUrgently();
    }

    public synchronized int round() {
        return round;
    }

    public synchronized int tasksDone() {
        return tasksDone;
    }

    public synchronized int tasksTotal() {
        return tasksTotal;
    }

    public synchronized int rejections() {
        return rejections;
    }

    public synchronized int retries() {
        return retries;
    }

    public synchronized List<String> failedNodes() {
        return new ArrayList<>(failedNodes);
    }

    public synchronized List<RoundResult> rounds() {
        return new ArrayList<>(rounds);
    }

    /** @return the job's ended task attempts so far, in the order they ended (at most {@link #MAX_ATTEMPTS_KEPT}) */
    public synchronized List<TaskAttempt> attempts() {
        return new ArrayList<>(attempts);
    }

    /** @return how many ended attempts the timeline did not keep */
    public synchronized long attemptsDropped() {
        return attemptsDropped;
    }

    /** @return the tasks running now: each 1-based shard number with the node it runs on, by shard */
    public synchronized SortedMap<Integer, String> running() {
        return new TreeMap<>(running);
    }
}
