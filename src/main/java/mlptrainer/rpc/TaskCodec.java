package mlptrainer.rpc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;

/**
 * The coordinator's one translation between a training task and the node calls that carry it:
 * a {@link Task} becomes a {@code TaskRequest} (weights packed or as lists, with the token, cancel
 * key and work budget), and a node's {@code TaskResult} or the original's {@code TrainResult}
 * becomes a {@link Reply}. Stateless and thread-safe.
 */
public final class TaskCodec {
    private TaskCodec() {
    }

    /**
     * A round's starting weights with both wire forms made once: every task of the round starts
     * from them, and every attempt of every task sends one of the two. Immutable once made (the
     * weights must not be changed after); safe to share between threads.
     */
    public static final class RoundWeights {
        private final MlpWeights weights;
        private final Weights lists;
        private final ByteBuffer packed;

        private RoundWeights(MlpWeights weights) {
            this.weights = weights;
            this.lists = WireWeights.toWire(weights);
            this.packed = WireWeights.pack(weights);
        }

        public static RoundWeights of(MlpWeights weights) {
            return new RoundWeights(weights);
        }

        public MlpWeights weights() {
            return weights;
        }
    }

    /**
     * One shard's task as the coordinator plans it, before any wire form.
     *
     * @param trainingFile the shard's path as nodes resolve it ("dir/train_letters3.txt")
     * @param shardSha256  the SHA-256 of the shard's version the job trains
     * @param start        the weights to start from
     * @param classes      k
     * @param eta          this round's learning rate
     * @param epochs       the most epochs to run
     * @param policy       the coordinator's scheduling policy number
     * @param shuffleSeed  seeds the node's mini-batch shuffling
     * @param featureMean  standardisation means, or null when the job does not standardise
     * @param featureScale standardisation scales, or null
     * @param settings     training settings beyond the course algorithm (empty: none)
     * @param label        how logs on both sides name the task
     * @param cancelKey    the key that stops the task on its node, or null (none)
     * @param budgetMs     the most milliseconds the node may spend on it, or 0 for no limit
     */
    public record Task(String trainingFile, String shardSha256, RoundWeights start, int classes, double eta,
            int epochs, int policy, long shuffleSeed, double[] featureMean, double[] featureScale,
            Map<String, String> settings, String label, String cancelKey, long budgetMs) {
        /** @return the hidden units h of the task's weights */
        public int hidden() {
            return start.weights().hidden();
        }

        /** @return the input features d of the task's weights (the wire forms carry only h and k) */
        public int inputs() {
            return start.weights().inputs();
        }
    }

    /**
     * A node's answer to a task.
     *
     * @param accepted      false when the node declined it (scheduling policy 2)
     * @param deltas        the deltas it trained, of the task's shape; null when declined
     * @param trainingError its error rate on the shard, as the node reports it (unchecked)
     * @param epochsRun     the epochs it ran (0 from the original's nodes, which do not say)
     */
    public record Reply(boolean accepted, MlpWeights deltas, double trainingError, int epochsRun) {
    }

    /**
     * @param packed    weights packed (for nodes that said they read them) or as lists (the original's form)
     * @param token     the cluster's token, "" when there is none (then none is sent)
     * @return the request for {@code run_task}; a new object the caller may change
     */
    public static TaskRequest request(Task t, boolean packed, String token) {
        TaskRequest r = new TaskRequest(t.trainingFile(), null, t.classes(), t.hidden(), t.eta(), t.epochs(),
                t.policy());
        r.setShuffle_seed(t.shuffleSeed());
        if (t.featureMean() != null) {
            r.setFeature_mean(boxed(t.featureMean()));
            r.setFeature_scale(boxed(t.featureScale()));
        }
        if (!token.isEmpty()) {
            r.setAuth_token(token);
        }
        r.setLabel(t.label());
        if (t.cancelKey() != null) {
            r.setCancel_key(t.cancelKey());
        }
        if (t.budgetMs() > 0) {
            r.setBudget_ms(t.budgetMs());
        }
        if (!t.settings().isEmpty()) {
            r.setSettings(new HashMap<>(t.settings()));
        }
        r.setShard_sha256(t.shardSha256());
        return packed ? r.setInitial_packed(t.start().packed) : r.setInitial_weights(t.start().lists);
    }

    /** As {@link #request(Task, boolean, String)}, with the shard's contents for a node that lacks them. */
    public static TaskRequest request(Task t, boolean packed, String token, byte[] shardBytes) {
        return request(t, packed, token).setShard_bytes(shardBytes);
    }

    /** @return the weights the original's {@code train_with_weights} starts from, as lists */
    public static Weights originalWeights(Task t) {
        return t.start().lists;
    }

    /**
     * @return the reply to {@code run_task}, its deltas in the form the node sent them
     * @throws IllegalArgumentException when accepted deltas are malformed or of another shape than the task's
     */
    public static Reply reply(TaskResult res, Task t) {
        if (!res.isAccepted()) {
            return new Reply(false, null, res.getTraining_error(), res.getEpochs_run());
        }
        MlpWeights deltas = res.isSetDeltas_packed()
                ? WireWeights.unpack(res.bufferForDeltas_packed(), t.hidden(), t.classes())
                : WireWeights.fromWire(res.getDeltas(), t.hidden(), t.classes());
        return new Reply(true, sameInputs(deltas, t.inputs()), res.getTraining_error(), res.getEpochs_run());
    }

    /**
     * @return the reply to the original's {@code train_with_weights}, whose weights are the deltas
     * @throws IllegalArgumentException when accepted weights are malformed or of another shape than the task's
     */
    public static Reply reply(TrainResult res, Task t) {
        if (!res.isAccepted()) {
            return new Reply(false, null, res.getTraining_error(), 0);
        }
        MlpWeights deltas = WireWeights.fromWire(res.getWeights(), t.hidden(), t.classes());
        return new Reply(true, sameInputs(deltas, t.inputs()), res.getTraining_error(), 0);
    }

    /** The wire forms say h and k; d is only implied by the size, so a reply of another d is caught here. */
    private static MlpWeights sameInputs(MlpWeights deltas, int d) {
        if (deltas.inputs() != d) {
            throw new IllegalArgumentException("the deltas are for d=" + deltas.inputs()
                    + " inputs, the task's weights d=" + d);
        }
        return deltas;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
