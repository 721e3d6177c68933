package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mlptrainer.data.DataRoot;
import mlptrainer.data.DatasetCache;
import mlptrainer.model.LocalTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.Security;
import mlptrainer.rpc.TaskCodec;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Federated averaging as a strategy: its aggregation by hand, and the course's round plan. */
class MeanStrategyTest {
    @TempDir
    Path root;

    // d=1, h=1, k=2: W is (d+1) x h = 2 values, V is (h+1) x k = 4 values
    private static MlpWeights weights(double[] w, double[] v) {
        return new MlpWeights(1, 1, 2, w, v);
    }

    private static AttemptResult accepted(MlpWeights deltas) {
        return AttemptResult.accepted(deltas, 0.5, 1, 10);
    }

    @Test
    void aggregateAddsTheMeanOfTheShardsDeltasToTheCurrentModelWithoutChangingEither() {
        MlpWeights current = weights(new double[] {1, -1}, new double[] {0, 0.5, 2, -2});
        MlpWeights d1 = weights(new double[] {0.25, 1}, new double[] {1, -0.5, 0, 4});
        MlpWeights d2 = weights(new double[] {0.75, -3}, new double[] {-1, 0.5, 1, 2});
        MeanStrategy mean = new MeanStrategy(null);

        MlpWeights next = mean.aggregate(1, current, List.of(accepted(d1), accepted(d2)));

        // mean delta: W (0.25+0.75)/2 = 0.5, (1-3)/2 = -1; V (1-1)/2 = 0, (-0.5+0.5)/2 = 0, (0+1)/2 = 0.5,
        // (4+2)/2 = 3; plus current: W 1+0.5, -1-1; V 0+0, 0.5+0, 2+0.5, -2+3
        assertArrayEquals(new double[] {1.5, -2}, next.w());
        assertArrayEquals(new double[] {0, 0.5, 2.5, 1}, next.v());
        assertArrayEquals(new double[] {1, -1}, current.w(), "the current model is published: never changed");
        assertArrayEquals(new double[] {0, 0.5, 2, -2}, current.v());
        assertArrayEquals(new double[] {0.25, 1}, d1.w());
        assertEquals(next, mean.aggregate(7, current, List.of(accepted(d1), accepted(d2))),
                "no state between rounds: the same results give the same model in any round");
    }

    @Test
    void configureRoundPlansOneTaskPerShardInShardOrderFromTheCurrentModelWithTheRoundsRateAndSeeds()
            throws Exception {
        TestCluster.writeData(root, "data");
        // step schedule, halving every round: round r's rate is 0.001 * 0.5^(r-1)
        JobSpec spec = new JobSpec("data", 3, 2, 5, TestCluster.K, 0.001,
                Map.of("schedule", "step", "step_every", "1", "step_gamma", "0.5"), false);
        CoordinatorContext ctx = planningContext();
        JobData data = JobData.load(spec, ctx);
        MeanStrategy mean = new MeanStrategy(new RoundPlanner("9", spec, data, ctx));
        MlpWeights current = MlpWeights.initUniform(TestCluster.FEATURES, 5, TestCluster.K, 3);

        List<TaskPlan> round2 = mean.configureRound(2, current);

        assertEquals(4, round2.size(), "the standard data set has 4 shards");
        Set<Long> seeds = new HashSet<>();
        for (int s = 0; s < round2.size(); s++) {
            TaskCodec.Task task = round2.get(s).task();
            assertEquals(s, round2.get(s).shard());
            assertEquals("data/train_letters" + (s + 1) + ".txt", task.trainingFile());
            assertEquals(current, task.start().weights());
            assertEquals(0.0005, task.eta());
            assertEquals(2, task.epochs());
            assertEquals(LocalTrainer.shuffleSeed(TrainingJob.INIT_SEED, 2, s), task.shuffleSeed());
            assertEquals("job 9 round 2/3 shard " + (s + 1), task.label());
            seeds.add(task.shuffleSeed());
        }
        assertEquals(4, seeds.size(), "every shard shuffles in its own order");
        TaskCodec.Task round3 = mean.configureRound(3, current).get(0).task();
        assertEquals(0.00025, round3.eta());
        assertNotEquals(round2.get(0).task().shuffleSeed(), round3.shuffleSeed(), "and every round anew");
        assertSame(round2.get(0).task().start(), round2.get(3).task().start(),
                "one conversion of the weights per round, shared by its tasks");
    }

    /** Enough of a coordinator to plan: a policy, a node client for cancel keys, the bounds and the data. */
    private CoordinatorContext planningContext() {
        DataRoot dataRoot = new DataRoot(root);
        return new CoordinatorContext(null, SchedulingPolicy.of(1, 0), new NodeClient(1_000,
                RpcLimits.forNodeReplies(TestCluster.MAX_HIDDEN), Security.NONE), null, SchedulerOptions.DEFAULTS,
                dataRoot, new DatasetCache(dataRoot, 8), TestCluster.MAX_HIDDEN, null, null, null);
    }
}
