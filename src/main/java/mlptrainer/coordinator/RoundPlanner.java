package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.List;
import mlptrainer.data.DataException;
import mlptrainer.data.DataFile;
import mlptrainer.model.FeatureStandardizer;
import mlptrainer.model.LocalTrainer;
import mlptrainer.model.MlpWeights;
import mlptrainer.node.NodeCapabilities;
import mlptrainer.rpc.TaskCodec;

/**
 * Plans one job's rounds as the course algorithm does: one task per shard (or per shard of the
 * round's sample), every task starting from the round's weights with the round's learning rate
 * (the settings' schedule), its own shuffle seed and the bounds its deltas are screened against,
 * and carrying only the settings nodes read. Strategies that differ only in how they aggregate
 * share it. Immutable; it reads shard files only when a node needs one shipped,
 * through the plans' {@link TaskPlan#shardBytes()}, never while planning.
 */
final class RoundPlanner {
    private final String jobId;
    private final JobSpec spec;
    private final JobData data;
    private final CoordinatorContext ctx;

    RoundPlanner(String jobId, JobSpec spec, JobData data, CoordinatorContext ctx) {
        this.jobId = jobId;
        this.spec = spec;
        this.data = data;
        this.ctx = ctx;
    }

    /**
     * @param round   1-based
     * @param weights the round's starting model; not changed
     * @return one task per shard, in shard order
     */
    List<TaskPlan> plans(int round, MlpWeights weights) {
        int[] every = new int[data.shards().size()];
        for (int s = 0; s < every.length; s++) {
            every[s] = s;
        }
        return plans(round, weights, every);
    }

    /**
     * @param round   1-based
     * @param weights the round's starting model; not changed
     * @param shards  the shards to train this round, 0-based, ascending
     * @return one task per shard named, in their order
     */
    List<TaskPlan> plans(int round, MlpWeights weights, int[] shards) {
        // one conversion to each wire form per round: every task of the round starts from these weights
        TaskCodec.RoundWeights start = TaskCodec.RoundWeights.of(weights);
        double eta = data.settings().schedule().rate(spec.eta(), round - 1, spec.rounds());
        double logStartSize = DeltaBound.logStartSize(weights);
        long parameters = (long) weights.w().length + weights.v().length;
        List<TaskPlan> plans = new ArrayList<>();
        for (int s : shards) {
            JobData.ShardRef shard = data.shards().get(s);
            DeltaBound.TaskLimits limits = DeltaBound.limits(shard.scale(), data.settings(), eta, spec.epochs(),
                    logStartSize, parameters);
            plans.add(new TaskPlan(s, task(shard, s, round, eta, start), () -> bytesOf(shard), limits));
        }
        return plans;
    }

    /** @return the job's strategy settings, parsed and checked with its data */
    StrategySettings strategy() {
        return data.strategy();
    }

    /** @return how many shards the job has */
    int shardCount() {
        return data.shards().size();
    }

    /** @return the rows of each of these shards, in their order (what fedavg weighs deltas by) */
    int[] rows(int[] shards) {
        int[] rows = new int[shards.length];
        for (int i = 0; i < shards.length; i++) {
            rows[i] = data.shards().get(shards[i]).scale().rows();
        }
        return rows;
    }

    /** Shard s's task in this round; only the settings nodes read are sent (never the strategy's). */
    private TaskCodec.Task task(JobData.ShardRef shard, int s, int round, double eta, TaskCodec.RoundWeights start) {
        FeatureStandardizer st = data.standardizer();
        return new TaskCodec.Task(shard.path(), shard.sha256(), start, spec.k(), eta, spec.epochs(),
                ctx.policy().number(), LocalTrainer.shuffleSeed(TrainingJob.INIT_SEED, round, s),
                st == null ? null : st.mean(), st == null ? null : st.scale(),
                NodeCapabilities.require(data.settings().asMap(), data.realValued()),
                "job " + jobId + " round " + round + "/" + spec.rounds() + " shard " + (s + 1),
                ctx.client().cancelKey(jobId, round, s),
                RoundRunner.nodeWorkBudgetMs(ctx.options().taskTimeoutMs()));
    }

    /** The shard's bytes in the job's version, for shipping; the file may have changed since the start. */
    private byte[] bytesOf(JobData.ShardRef shard) throws DataException {
        DataFile file = ctx.datasets().loadFile(shard.path(), spec.k());
        if (!file.sha256().equals(shard.sha256())) {
            throw new DataException(shard.path() + " changed on the coordinator since the job started");
        }
        return file.bytes();
    }
}
