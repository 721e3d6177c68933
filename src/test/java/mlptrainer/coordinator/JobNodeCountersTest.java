package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mlptrainer.rpc.gen.NodeStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One job's per-node counts, with numbers worked out by hand. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JobNodeCountersTest {
    private final NodeHandle a = new NodeHandle(new NodeAddress("h", 9000), 0);
    private final NodeHandle b = new NodeHandle(new NodeAddress("h", 9001), 1);
    private final NodeHandle c = new NodeHandle(new NodeAddress("h", 9002), 2);
    private final NodeHandle neverOffered = new NodeHandle(new NodeAddress("h", 9003), 3);

    private static AttemptResult accepted(long ms) {
        return AttemptResult.accepted(null, 0.5, 1, ms);
    }

    private static AttemptResult ended(AttemptResult.Kind kind, long ms) {
        return AttemptResult.failed(kind, kind.name(), ms);
    }

    @Test
    void countsEachOutcomeOfEachNodeAndBusyTimeOfAcceptedAttemptsOnly() {
        JobNodeCounters counters = new JobNodeCounters();
        counters.offered(a);
        counters.attemptEnded(a, accepted(120));
        counters.offered(a);
        counters.attemptEnded(a, accepted(80));
        counters.offered(b);
        counters.attemptEnded(b, ended(AttemptResult.Kind.REJECTED, 5));
        counters.offered(b);
        counters.attemptEnded(b, ended(AttemptResult.Kind.TRANSPORT_ERROR, 3000));
        counters.attemptEnded(b, ended(AttemptResult.Kind.NODE_ERROR, 7));
        counters.attemptEnded(b, ended(AttemptResult.Kind.BAD_RESULT, 40));
        counters.offered(c);
        counters.attemptEnded(c, ended(AttemptResult.Kind.INELIGIBLE, 2));

        Map<NodeHandle, NodeCounts> s = counters.snapshot();
        // a: 2 accepted, 120 + 80 ms; b: 1 rejected, 3 failed, no busy time (nothing accepted);
        // c: offered but ineligible, so listed with zeros; the node never offered a task is not listed
        assertEquals(new NodeCounts(2, 0, 0, 200), s.get(a));
        assertEquals(new NodeCounts(0, 1, 3, 0), s.get(b));
        assertEquals(NodeCounts.NONE, s.get(c));
        assertFalse(s.containsKey(neverOffered));
        assertEquals(3, s.size());
    }

    @Test
    void aNodeIsListedAsSoonAsItIsOfferedATaskAndAnAttemptEndingCountsEvenWithoutAnOffer() {
        JobNodeCounters counters = new JobNodeCounters();
        assertEquals(Map.of(), counters.snapshot());
        counters.offered(a);
        assertEquals(Map.of(a, NodeCounts.NONE), counters.snapshot());
        counters.attemptEnded(b, accepted(10));
        assertEquals(Map.of(a, NodeCounts.NONE, b, new NodeCounts(1, 0, 0, 10)), counters.snapshot());
    }

    @Test
    void aSecondOfferDoesNotResetTheCountsAndASnapshotIsACopy() {
        JobNodeCounters counters = new JobNodeCounters();
        counters.offered(a);
        counters.attemptEnded(a, accepted(30));
        Map<NodeHandle, NodeCounts> before = counters.snapshot();
        counters.offered(a);
        counters.attemptEnded(a, ended(AttemptResult.Kind.REJECTED, 1));
        assertEquals(new NodeCounts(1, 0, 0, 30), before.get(a));
        assertEquals(new NodeCounts(1, 1, 0, 30), counters.snapshot().get(a));
    }

    @Test
    void theRegistryReportsAJobsNodesInRegistryOrderWithTheJobsCountsAndEachNodesCurrentState() {
        NodeRegistry registry = new NodeRegistry(1_000);
        registry.addListed(List.of(new NodeAddress("h", 1), new NodeAddress("h", 2), new NodeAddress("h", 3)));
        List<NodeHandle> nodes = registry.all();
        NodeHandle first = nodes.get(0);
        NodeHandle third = nodes.get(2);
        registry.acquire(third);
        third.count(ended(AttemptResult.Kind.TRANSPORT_ERROR, 2_000));
        registry.releaseFailed(third, "connection refused", 0);
        first.count(accepted(50));
        first.count(accepted(60));
        // as RoundRunner does after an answer: a listed node is down ("not contacted yet") until one
        registry.acquire(first);
        registry.releaseAnswered(first, first.report.slots());
        JobNodeCounters job = new JobNodeCounters();
        job.offered(third);
        job.attemptEnded(third, ended(AttemptResult.Kind.TRANSPORT_ERROR, 2_000));
        job.offered(first);
        job.attemptEnded(first, accepted(60));

        List<NodeStat> stats = WireStatus.nodes(registry.stats(job.snapshot(), 0));
        // the job's counts only (the first node accepted 2 in all, 1 in this job), the second node
        // (never offered) left out, and the third node down with its last error
        assertEquals(2, stats.size());
        assertEquals(new NodeStat("h:1", true, 1, 0, 0, 60), stats.get(0));
        NodeStat down = new NodeStat("h:3", false, 0, 0, 1, 0);
        down.setLast_error("connection refused");
        assertEquals(down, stats.get(1));
        assertEquals(2, WireStatus.nodes(registry.stats(0)).get(0).getTasks_accepted(), "the registry's own counters cover every job");
        assertEquals(110, WireStatus.nodes(registry.stats(0)).get(0).getBusy_ms());
    }

    @Test
    void attemptsEndingOnManyThreadsAreAllCounted() throws Exception {
        JobNodeCounters counters = new JobNodeCounters();
        int threads = 4;
        int perThread = 2_000;
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    counters.offered(a);
                    counters.attemptEnded(a, accepted(3));
                    counters.attemptEnded(b, ended(AttemptResult.Kind.REJECTED, 1));
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        // 4 threads x 2000 attempts: 8000 accepted on a at 3 ms each, 8000 rejected on b
        assertEquals(new NodeCounts(8_000, 0, 0, 24_000), counters.snapshot().get(a));
        assertEquals(new NodeCounts(0, 8_000, 0, 0), counters.snapshot().get(b));
    }
}
