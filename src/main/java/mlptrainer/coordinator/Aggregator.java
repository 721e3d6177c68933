package mlptrainer.coordinator;

import java.util.List;
import mlptrainer.model.MlpWeights;

/**
 * Federated averaging, pure: no I/O, no state. The deltas are summed in shard order and the sum
 * divided by their count, exactly as the reference does, so the model after a round is the same
 * bit for bit whichever node ran which shard and in which order they finished.
 */
public final class Aggregator {
    private Aggregator() {
    }

    /**
     * @param deltas one delta per shard, in shard order; not changed
     * @return the mean delta: (d1 + d2 + ... + dn) / n, summed left to right
     * @throws IllegalArgumentException when the list is empty or the shapes differ
     */
    public static MlpWeights meanDelta(List<MlpWeights> deltas) {
        if (deltas.isEmpty()) {
            throw new IllegalArgumentException("no deltas to average");
        }
        MlpWeights first = deltas.get(0);
        MlpWeights sum = MlpWeights.zeros(first.inputs(), first.hidden(), first.classes());
        for (MlpWeights d : deltas) {
            sum.addInPlace(d);
        }
        divideInPlace(sum.w(), deltas.size());
        divideInPlace(sum.v(), deltas.size());
        return sum;
    }

    /** Divides rather than multiplies by 1/n: the reference divides, and the two round differently. */
    private static void divideInPlace(double[] values, int n) {
        for (int i = 0; i < values.length; i++) {
            values[i] /= n;
        }
    }

    /** @return global + mean(deltas), as new weights; global is not changed */
    public static MlpWeights applyMean(MlpWeights global, List<MlpWeights> deltas) {
        MlpWeights next = global.copy();
        next.addInPlace(meanDelta(deltas));
        return next;
    }
}
