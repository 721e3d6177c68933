package mlptrainer.coordinator;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import mlptrainer.aggregation.AdaptiveServerOptimizer;
import mlptrainer.aggregation.CoordinateMedian;
import mlptrainer.aggregation.Krum;
import mlptrainer.aggregation.ServerMomentum;
import mlptrainer.aggregation.ServerOptimizer;
import mlptrainer.aggregation.TrimmedMean;
import mlptrainer.aggregation.WeightedMean;
import mlptrainer.model.MlpWeights;

/**
 * How a round's deltas become the next model, for one job's strategy ({@link #of}). The
 * coordinate-wise rules run on each weight matrix (W, then V) through {@code mlptrainer.aggregation};
 * Krum measures distances over both. Only the server optimisers keep state between rounds; a rule is
 * called on its job's thread only, one round at a time, in round order.
 */
interface DeltaRule {

    /**
     * @param current the round's starting model; not changed
     * @param deltas  the round's accepted deltas, in shard order; not changed
     * @param rows    each delta's shard's rows, in the same order
     * @return the next model, new weights of current's shape
     */
    MlpWeights next(MlpWeights current, List<MlpWeights> deltas, int[] rows);

    /** @return the rule of a job's strategy, with fresh server state */
    static DeltaRule of(StrategySettings s) {
        return switch (s.name()) {
            case MEAN -> (current, deltas, rows) -> Aggregator.applyMean(current, deltas);
            case FEDAVG, FEDPROX -> (current, deltas, rows) -> plus(current, deltas, b -> WeightedMean.of(b, rows));
            case MEDIAN -> (current, deltas, rows) -> plus(current, deltas, CoordinateMedian::of);
            case TRIMMED_MEAN -> (current, deltas, rows) -> plus(current, deltas, b -> TrimmedMean.of(b, s.trim()));
            case KRUM, MULTI_KRUM -> (current, deltas, rows) -> Aggregator.applyMean(current,
                    krumBest(deltas, s.krumF(), s.krumM(deltas.size())));
            case FEDAVGM -> new Optimised(() -> new ServerMomentum(s.serverLr(), s.serverMomentum()));
            case FEDADAM -> adaptive(s, AdaptiveServerOptimizer.Rule.ADAM);
            case FEDYOGI -> adaptive(s, AdaptiveServerOptimizer.Rule.YOGI);
            case FEDADAGRAD -> adaptive(s, AdaptiveServerOptimizer.Rule.ADAGRAD);
        };
    }

    private static DeltaRule adaptive(StrategySettings s, AdaptiveServerOptimizer.Rule rule) {
        return new Optimised(() -> new AdaptiveServerOptimizer(rule, s.serverLr(), s.beta1(), s.beta2(), s.tau()));
    }

    /** @return current + the rule applied to the deltas' W matrices and, apart, to their V matrices */
    private static MlpWeights plus(MlpWeights current, List<MlpWeights> deltas,
            Function<List<double[]>, double[]> rule) {
        deltas.forEach(current::checkSameShape);
        MlpWeights aggregated = new MlpWeights(current.inputs(), current.hidden(), current.classes(),
                rule.apply(deltas.stream().map(MlpWeights::w).toList()),
                rule.apply(deltas.stream().map(MlpWeights::v).toList()));
        MlpWeights next = current.copy();
        next.addInPlace(aggregated);
        return next;
    }

    /** @return the m deltas of least Krum score over both matrices, in shard order */
    private static List<MlpWeights> krumBest(List<MlpWeights> deltas, int f, int m) {
        int n = deltas.size();
        Krum.checkEnough(n, f);
        double[][] dist = new double[n][n];
        Krum.addSquaredDistancesInPlace(dist, deltas.stream().map(MlpWeights::w).toList());
        Krum.addSquaredDistancesInPlace(dist, deltas.stream().map(MlpWeights::v).toList());
        int[] best = Krum.best(Krum.scores(dist, f), m);
        return Arrays.stream(best).mapToObj(deltas::get).toList();
    }

    /**
     * A server optimiser on the plain mean delta (Reddi et al.'s Delta_t), one instance per weight
     * matrix, created for the job and kept across its rounds.
     */
    final class Optimised implements DeltaRule {
        private final ServerOptimizer onW;
        private final ServerOptimizer onV;

        Optimised(Supplier<ServerOptimizer> optimizer) {
            this.onW = optimizer.get();
            this.onV = optimizer.get();
        }

        @Override
        public MlpWeights next(MlpWeights current, List<MlpWeights> deltas, int[] rows) {
            MlpWeights mean = Aggregator.meanDelta(deltas);
            current.checkSameShape(mean);
            MlpWeights next = current.copy();
            onW.stepInPlace(next.w(), mean.w());
            onV.stepInPlace(next.v(), mean.v());
            return next;
        }
    }
}
