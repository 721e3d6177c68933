package mlptrainer.coordinator;

import java.util.List;
import mlptrainer.aggregation.ExponentialAverage;
import mlptrainer.model.MlpWeights;

/**
 * Another strategy with an exponential moving average of its models across rounds (the {@code ema}
 * setting): the rounds train exactly as the wrapped strategy's, from its raw models, and the
 * average is what each round is validated on and what the job publishes ({@link #published}).
 * Late in training the raw model still moves with each round's few shards; the average smooths that
 * noise away, as Polyak averaging does for SGD.
 *
 * <p>Thread confinement as {@link TrainingStrategy}. The average is state between rounds that
 * checkpoints do not hold, so such jobs refuse to resume ({@link StrategySettings#checkFits}).
 */
final class AveragedStrategy implements TrainingStrategy {
    private final TrainingStrategy rounds;
    private final ExponentialAverage onW;
    private final ExponentialAverage onV;

    /** @param decay the share of the average kept each round, in [0, 1) */
    AveragedStrategy(TrainingStrategy rounds, double decay) {
        this.rounds = rounds;
        this.onW = new ExponentialAverage(decay);
        this.onV = new ExponentialAverage(decay);
    }

    @Override
    public List<TaskPlan> configureRound(int round, MlpWeights current) {
        return rounds.configureRound(round, current);
    }

    @Override
    public MlpWeights aggregate(int round, MlpWeights current, List<AttemptResult> results) {
        return rounds.aggregate(round, current, results);
    }

    /** @return a new copy of the average after folding in {@code next}, this round's raw model */
    @Override
    public MlpWeights published(int round, MlpWeights next) {
        double[] w = onW.add(next.w()).clone();
        double[] v = onV.add(next.v()).clone();
        return new MlpWeights(next.inputs(), next.hidden(), next.classes(), w, v);
    }
}
