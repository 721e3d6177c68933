package mlptrainer.coordinator;

import java.util.List;
import mlptrainer.aggregation.Mean;
import mlptrainer.model.MlpWeights;

/**
 * Federated averaging, pure: no I/O, no state. The deltas are summed in shard order and the sum
 * divided by their count ({@link Mean}, on each weight matrix), exactly as the reference does, so the model after a round is the same
 * bit for bit whichever node ran which shard and in which order they finished.
 */
public final class Aggregator {
    private Aggregator() {
    }

    /**
     * @param deltas one delta per shard, in shard order; not changed
     * @return the mean delta: (d1 + d2 + ... + dn) / n, summed left to right
     * @throws IllegalArgumentException when the list is empty, the shapes differ or a value is not finite
     */
    public static MlpWeights meanDelta(List<MlpWeights> deltas) {
        if (deltas.isEmpty()) {
            throw new IllegalArgumentException("no deltas to average");
        }
        MlpWeights first = deltas.get(0);
        deltas.forEach(first::checkSameShape);
        return new MlpWeights(first.inputs(), first.hidden(), first.classes(),
                Mean.of(deltas.stream().map(MlpWeights::w).toList()),
                Mean.of(deltas.stream().map(MlpWeights::v).toList()));
    }

    /** @return global + mean(deltas), as new weights; global is not changed */
    public static MlpWeights applyMean(MlpWeights global, List<MlpWeights> deltas) {
        MlpWeights next = global.copy();
        next.addInPlace(meanDelta(deltas));
        return next;
    }
}
