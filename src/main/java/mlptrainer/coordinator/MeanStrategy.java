package mlptrainer.coordinator;

import java.util.ArrayList;
import java.util.List;
import mlptrainer.model.MlpWeights;

/**
 * Federated averaging, as the course defines it: every round runs the {@link RoundPlanner}'s
 * tasks, and the next model is the current one plus the mean of the shards' deltas
 * ({@link Aggregator#applyMean}, summed in shard order). Keeps no state between rounds.
 * Immutable.
 */
final class MeanStrategy implements TrainingStrategy {
    private final RoundPlanner planner;

    MeanStrategy(RoundPlanner planner) {
        this.planner = planner;
    }

    @Override
    public List<TaskPlan> configureRound(int round, MlpWeights current) {
        return planner.plans(round, current);
    }

    @Override
    public MlpWeights aggregate(int round, MlpWeights current, List<AttemptResult> results) {
        return Aggregator.applyMean(current, deltas(results));
    }

    private static List<MlpWeights> deltas(List<AttemptResult> results) {
        List<MlpWeights> out = new ArrayList<>(results.size());
        results.forEach(r -> out.add(r.deltas()));
        return out;
    }
}
