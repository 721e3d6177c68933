package mlptrainer.coordinator;

import java.util.List;
import mlptrainer.model.MlpWeights;

/**
 * How a job trains, round by round, in the shape of Flower's {@code Strategy}: the round loop
 * asks it for a round's tasks ({@link #configureRound}), runs them on the nodes, and hands their
 * results back ({@link #aggregate}) for the model the next round starts from. The loop knows
 * nothing of planning or aggregation, so a new strategy needs no change to it; the job picks its
 * strategy in {@link #forJob}.
 *
 * <p>Thread confinement: both methods are called on the job's thread only, one round at a time
 * and in round order ({@code configureRound(r)}, then {@code aggregate(r)}, then round r + 1), so
 * an implementation needs no locking. Rounds start at 1, or after the checkpoint's last round when
 * a job resumes; state a strategy keeps between rounds is not checkpointed, so jobs whose strategy
 * keeps any (the server optimisers, the weight average) refuse to resume
 * ({@link StrategySettings#checkFits}).
 */
interface TrainingStrategy {

    /**
     * @param round   1-based
     * @param current the model the round starts from; must not be changed (it is published)
     * @return the round's tasks, one per shard in shard order; not empty
     */
    List<TaskPlan> configureRound(int round, MlpWeights current);

    /**
     * Pure aggregation: no I/O, no blocking, no change to its arguments.
     *
     * @param round   1-based, the round just run
     * @param current the model the round started from; must not be changed (it is published)
     * @param results the accepted result of each task, in the order of the round's plans (shard
     *                order), whichever node ran it and whenever it finished; each has deltas
     * @return the model the next round starts from and this round is validated on: new weights of
     *         {@code current}'s shape, which the caller owns
     */
    MlpWeights aggregate(int round, MlpWeights current, List<AttemptResult> results);

    /**
     * Called once per round after {@link #aggregate}, with its result, on the job's thread.
     *
     * @param round 1-based, the round just run
     * @param next  the model the next round starts from; must not be changed
     * @return the model this round is validated on and the job publishes (last and best model,
     *         checkpoint): {@code next} itself unless the strategy averages models across rounds
     */
    default MlpWeights published(int round, MlpWeights next) {
        return next;
    }

    /**
     * The one place a job's strategy is chosen, from its {@code strategy} setting
     * ({@link StrategySettings}): the course's federated averaging without one; with an {@code ema}
     * setting, the chosen one's models averaged across rounds.
     */
    static TrainingStrategy forJob(RoundPlanner planner) {
        StrategySettings s = planner.strategy();
        TrainingStrategy rounds = s.isCourseMean() ? new MeanStrategy(planner)
                : new AggregationStrategy(planner, s.sampler(planner.shardCount()), DeltaRule.of(s));
        return s.ema() > 0 ? new AveragedStrategy(rounds, s.ema()) : rounds;
    }
}
