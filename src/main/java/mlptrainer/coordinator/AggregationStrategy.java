package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.List;
import mlptrainer.aggregation.ShardSampler;
import mlptrainer.model.MlpWeights;

/**
 * Every strategy of docs/strategies.md other than the course's: each round trains the shards the
 * {@link ShardSampler} draws for it (all of them unless {@code fraction} < 1), planned by the
 * {@link RoundPlanner}, and the job's {@link DeltaRule} turns their deltas into the next model.
 * The sample depends on the round and the settings only and the rule sees the deltas in shard
 * order, so the model is the same bit for bit whichever nodes ran the tasks, and however often.
 *
 * <p>Thread confinement as {@link TrainingStrategy}: the round's shards are kept from
 * {@link #configureRound} to {@link #aggregate}, and the rule may keep server state across rounds.
 */
final class AggregationStrategy implements TrainingStrategy {
    private final RoundPlanner planner;
    private final ShardSampler sampler;
    private final DeltaRule rule;
    private int[] roundShards;

    AggregationStrategy(RoundPlanner planner, ShardSampler sampler, DeltaRule rule) {
        this.planner = planner;
        this.sampler = sampler;
        this.rule = rule;
    }

    @Override
    public List<TaskPlan> configureRound(int round, MlpWeights current) {
        roundShards = sampler.shardsOf(round);
        return planner.plans(round, current, roundShards);
    }

    @Override
    public MlpWeights aggregate(int round, MlpWeights current, List<AttemptResult> results) {
        if (roundShards == null || results.size() != roundShards.length) {
            throw new IllegalStateException("round " + round + ": " + results.size() + " results for "
                    + (roundShards == null ? "no" : roundShards.length) + " planned tasks");
        }
        List<MlpWeights> deltas = new ArrayList<>(results.size());
        results.forEach(r -> deltas.add(r.deltas()));
        return rule.next(current, deltas, planner.rows(roundShards));
    }
}
