package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mlptrainer.data.DataRoot;
import mlptrainer.data.DatasetCache;
import mlptrainer.model.Evaluator;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.Security;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round loop trains with whatever strategy the job is given: it runs the strategy's tasks on
 * real nodes, hands it their results, and the model it returns is the job's, round after round.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrainingStrategySeamTest {
    private static final int ROUNDS = 3;
    @TempDir
    Path root;
    private TestCluster cluster;
    private NodeRegistry registry;
    private ExecutorService rpcThreads;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.withData(root).nodes(2);
        registry = new NodeRegistry(1_000);
        registry.addListed(cluster.addresses());
        rpcThreads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() {
        rpcThreads.shutdownNow();
        registry.closeConnections();
        cluster.close();
    }

    /** Plans as the mean does, but answers every round with weights of its own, and records its calls. */
    private static final class FixedModelStrategy implements TrainingStrategy {
        private final TrainingStrategy planning;
        private final boolean failToAggregate;
        final List<Integer> rounds = new ArrayList<>();
        final List<MlpWeights> starts = new ArrayList<>();
        final List<List<AttemptResult>> results = new ArrayList<>();

        FixedModelStrategy(TrainingStrategy planning, boolean failToAggregate) {
            this.planning = planning;
            this.failToAggregate = failToAggregate;
        }

        static MlpWeights fixed(int round) {
            return MlpWeights.initUniform(TestCluster.FEATURES, TestCluster.H, TestCluster.K, 1_000 + round);
        }

        @Override
        public List<TaskPlan> configureRound(int round, MlpWeights current) {
            rounds.add(round);
            starts.add(current.copy());
            return planning.configureRound(round, current);
        }

        @Override
        public MlpWeights aggregate(int round, MlpWeights current, List<AttemptResult> roundResults) {
            results.add(roundResults);
            if (failToAggregate) {
                throw new IllegalStateException("aggregation refused");
            }
            return fixed(round);
        }
    }

    @Test
    void theModelEachRoundStartsFromAndTheJobEndsWithIsTheOneTheStrategyReturned() throws Exception {
        Job job = job("1", false);
        JobRun run = job.run();
        FixedModelStrategy strategy = job.strategy();

        double error = new TrainingJob(run, job.ctx(), job.data(), null, strategy).call();

        assertEquals(List.of(1, 2, 3), strategy.rounds);
        assertEquals(MlpWeights.initUniform(TestCluster.FEATURES, TestCluster.H, TestCluster.K,
                TrainingJob.INIT_SEED), strategy.starts.get(0));
        assertEquals(FixedModelStrategy.fixed(1), strategy.starts.get(1), "round 2 starts from round 1's answer");
        assertEquals(FixedModelStrategy.fixed(2), strategy.starts.get(2));
        for (List<AttemptResult> round : strategy.results) {
            assertEquals(4, round.size(), "one result per shard");
            round.forEach(r -> assertNotNull(r.deltas(), "only accepted results are handed back"));
        }
        assertEquals(FixedModelStrategy.fixed(ROUNDS), run.model().last());
        assertEquals(Evaluator.errorRate(job.data().validationInput(), FixedModelStrategy.fixed(ROUNDS)), error);
        assertEquals(ROUNDS, run.progress().rounds().size());
    }

    /**
     * With ema, rounds start from the wrapped strategy's raw models while each round is validated
     * on, and the job ends with, their average: decay 0.5 over three rounds' models f1, f2, f3 is
     * 0.5 (0.5 f1 + 0.5 f2) + 0.5 f3.
     */
    @Test
    void anAveragedStrategyPublishesTheAverageAndTrainsFromTheRawModels() throws Exception {
        Job job = job("3", false);
        FixedModelStrategy raw = job.strategy();
        JobData data = job.data();

        double error = new TrainingJob(job.run(), job.ctx(), data, null, new AveragedStrategy(raw, 0.5)).call();

        assertEquals(FixedModelStrategy.fixed(1), raw.starts.get(1), "round 2 starts from round 1's raw model");
        assertEquals(FixedModelStrategy.fixed(2), raw.starts.get(2));
        MlpWeights average = half(half(FixedModelStrategy.fixed(1), FixedModelStrategy.fixed(2)),
                FixedModelStrategy.fixed(3));
        assertEquals(average, job.run().model().last());
        assertEquals(Evaluator.errorRate(data.validationInput(), average), error);
        assertEquals(Evaluator.errorRate(data.validationInput(), half(FixedModelStrategy.fixed(1),
                FixedModelStrategy.fixed(2))), job.run().progress().rounds().get(1).validationError(), "round 2's figure");
    }

    /** @return 0.5 a + 0.5 b, coordinate by coordinate */
    private static MlpWeights half(MlpWeights a, MlpWeights b) {
        double[] w = new double[a.w().length];
        double[] v = new double[a.v().length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 * a.w()[i] + 0.5 * b.w()[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5 * a.v()[i] + 0.5 * b.v()[i];
        }
        return new MlpWeights(a.inputs(), a.hidden(), a.classes(), w, v);
    }

    @Test
    void aStrategyThatFailsToAggregateEndsTheJobNamingTheRound() throws Exception {
        Job job = job("2", true);
        FixedModelStrategy strategy = job.strategy();

        JobFailedException e = assertThrows(JobFailedException.class,
                () -> new TrainingJob(job.run(), job.ctx(), job.data(), null, strategy).call());

        assertTrue(e.getMessage().contains("round 1/" + ROUNDS) && e.getMessage().contains("aggregation refused"),
                e.getMessage());
        assertEquals(List.of(1), strategy.rounds, "no round after the one that failed");
    }

    /** A job of the course's request on the cluster's data, with a recording strategy that plans as the mean. */
    private record Job(JobRun run, CoordinatorContext ctx, JobData data, FixedModelStrategy strategy) {
    }

    private Job job(String id, boolean failToAggregate) throws Exception {
        JobRun run = new JobRun(id, spec());
        CoordinatorContext ctx = context();
        JobData data = JobData.load(run.spec(), ctx);
        return new Job(run, ctx, data, new FixedModelStrategy(mean(run, data, ctx), failToAggregate));
    }

    private static JobSpec spec() {
        return JobSpec.course(TestCluster.DIR, ROUNDS, TestCluster.EPOCHS, TestCluster.H, TestCluster.K,
                TestCluster.ETA);
    }

    private static TrainingStrategy mean(JobRun run, JobData data, CoordinatorContext ctx) {
        return new MeanStrategy(new RoundPlanner(run.id(), run.spec(), data, ctx));
    }

    /** A coordinator's shared parts over the cluster's nodes, without its server: no checkpoints. */
    private CoordinatorContext context() {
        DataRoot dataRoot = new DataRoot(root);
        return new CoordinatorContext(registry, SchedulingPolicy.of(1, 0), new NodeClient(2_000,
                RpcLimits.forNodeReplies(TestCluster.MAX_HIDDEN), Security.NONE), rpcThreads,
                SchedulerOptions.DEFAULTS, dataRoot, new DatasetCache(dataRoot, 8), TestCluster.MAX_HIDDEN, null,
                null, null);
    }
}
