package mlptrainer.node;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import mlptrainer.Untrusted;
import mlptrainer.Version;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TrainingSettings;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.CancellableComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.ShardMissing;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.rpc.gen.Weights;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute node's Thrift face: turns wire types into a {@link TaskSpec}, delegates to
 * {@link ComputeNodeService} and turns the reply back. The original's method reports a bad request
 * as a TApplicationException carrying the message; the new one as the declared InvalidRequest.
 * Thread-safe (stateless apart from the service).
 */
public final class ComputeNodeHandler implements CancellableComputeNode.Iface {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeNodeHandler.class);
    /** The longest TaskRequest.cancel_key accepted: a key is kept while its task runs. */
    static final int MAX_CANCEL_KEY_CHARS = 200;
    private final ComputeNodeService service;
    private final AuthToken token;

    /** @param token the shared secret calls must carry (AuthToken.NONE: none) */
    public ComputeNodeHandler(ComputeNodeService service, AuthToken token) {
        this.service = service;
        this.token = token;
    }

    private void checkToken(String presented, String call) throws Unauthorized {
        if (!token.accepts(presented)) {
            String reason = presented == null || presented.isEmpty() ? "no token" : "wrong token";
            RpcServer.logRefusal(LOG, call, reason);
            throw new Unauthorized(reason + ": this compute node requires the cluster's token (--token-file)");
        }
    }

    @Override
    public TrainResult train_with_weights(String trainingFile, Weights initialWeights, double loadProbability,
            int k, int h, double eta, int epochs, int schedulingPolicy) throws TException {
        if (token.required()) {
            RpcServer.logRefusal(LOG, "train_with_weights", "the original's call carries no token");
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR,
                    "this compute node requires a token, which train_with_weights cannot carry");
        }
        try {
            MlpWeights initial = weightsOrThrow(initialWeights, null, h, k);
            TaskSpec spec = new TaskSpec(trainingFile, initial, k, eta, epochs, schedulingPolicy,
                    TrainingSettings.COURSE, 0L, null, null, null, Untrusted.shown(trainingFile));
            TaskReply reply = service.run(spec);
            return reply.accepted()
                    ? new TrainResult(true, reply.trainingError(), WireWeights.toWire(reply.deltas()))
                    : new TrainResult(false, 0.0, null);
        } catch (InvalidTaskException | ShardMissingException e) {
            RpcServer.logLimited(LOG, "task refused", "task " + Untrusted.shown(trainingFile) + ": refused: "
                    + e.getMessage());
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "node shutting down");
        }
    }

    @Override
    public NodeInfo describe(String authToken) throws Unauthorized {
        checkToken(authToken, "describe");
        NodeConfig c = service.config();
        NodeInfo info = new NodeInfo(Version.get(), c.slots(), c.loadProbability(), NodeCapabilities.advertised(),
                true);
        return info.setPacked_weights(true);
    }

    @Override
    public TaskResult run_task(TaskRequest request) throws TException {
        checkToken(request.getAuth_token(), "run_task");
        String label = Untrusted.shown(request.isSetLabel() ? request.getLabel() : request.getTraining_file());
        try {
            TaskReply reply = service.run(toSpec(request, label));
            TaskResult result = new TaskResult(reply.accepted(), reply.trainingError(), null, reply.epochsRun(),
                    reply.loss(), reply.busyMs());
            if (reply.accepted() && request.isSetInitial_packed()) {
                result.setDeltas_packed(WireWeights.pack(reply.deltas())); // answered in the form asked
            } else if (reply.accepted()) {
                result.setDeltas(WireWeights.toWire(reply.deltas()));
            }
            return result;
        } catch (TaskStoppedException e) {
            throw new InvalidRequest(e.getMessage()); // the service logged why; its caller has usually gone
        } catch (InvalidTaskException e) {
            RpcServer.logLimited(LOG, "task refused", "task " + label + ": refused: " + e.getMessage());
            throw new InvalidRequest(e.getMessage());
        } catch (ShardMissingException e) {
            LOG.info("task {}: asking the coordinator for the shard's bytes ({})", label, e.getMessage());
            throw new ShardMissing(e.getMessage(), e.sha256());
        } catch (OutOfMemoryError e) {
            // the task's memory is garbage now: the node serves on, and the coordinator hears why
            LOG.error("task {}: out of memory: {}", label, e.getMessage());
            throw new InvalidRequest("task " + label + ": out of memory on the node (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "node shutting down");
        }
    }

    /**
     * Stops this coordinator's tasks of that key (see TaskRequest.cancel_key); the key's random part
     * keeps other peers from stopping tasks they did not send.
     */
    @Override
    public int cancel_tasks(String key, String authToken) throws Unauthorized {
        checkToken(authToken, "cancel_tasks");
        int asked = key == null ? 0 : service.cancel(key);
        LOG.debug("cancel_tasks: {} asked to stop {} task(s)", RpcServer.currentPeer(), asked);
        return asked;
    }

    private TaskSpec toSpec(TaskRequest r, String label) throws InvalidTaskException {
        if (r.getTraining_file() == null) {
            throw new InvalidTaskException("training_file is required");
        }
        checkStopFields(r);
        if (r.getH() >= 1 && r.getK() >= 1) {
            service.checkFits(impliedInputs(r), r.getH(), r.getK()); // before the weights are decoded
        }
        MlpWeights initial = weightsOrThrow(r.getInitial_weights(),
                r.isSetInitial_packed() ? r.bufferForInitial_packed() : null, r.getH(), r.getK());
        TrainingSettings settings = settingsOrThrow(r.isSetSettings() ? r.getSettings() : Map.of());
        return new TaskSpec(r.getTraining_file(), initial, r.getK(), r.getEta(), r.getEpochs(),
                r.getScheduling_policy(), settings, r.getShuffle_seed(), toArray(r.getFeature_mean()),
                toArray(r.getFeature_scale()), shardSource(r), label, r.getCancel_key(),
                r.isSetBudget_ms() ? r.getBudget_ms() : 0);
    }

    private static void checkStopFields(TaskRequest r) throws InvalidTaskException {
        if (r.isSetCancel_key() && r.getCancel_key().length() > MAX_CANCEL_KEY_CHARS) {
            throw new InvalidTaskException("cancel_key is " + r.getCancel_key().length() + " characters, at most "
                    + MAX_CANCEL_KEY_CHARS + " are accepted");
        }
        if (r.isSetBudget_ms() && r.getBudget_ms() < 1) {
            throw new InvalidTaskException("budget_ms must be >= 1 when set, got " + r.getBudget_ms());
        }
    }

    /** @return the d the request's weights imply (from the packed length or W's rows), at least 1 */
    private static long impliedInputs(TaskRequest r) {
        if (r.isSetInitial_packed()) {
            long values = r.bufferForInitial_packed().remaining() / Double.BYTES;
            return Math.max(1, (values - (r.getH() + 1L) * r.getK()) / r.getH() - 1);
        }
        Weights w = r.getInitial_weights();
        return w == null || w.getW() == null ? 1 : Math.max(1, w.getW().size() - 1);
    }

    private static TaskSpec.ShardSource shardSource(TaskRequest r) {
        if (!r.isSetShard_sha256()) {
            return null;
        }
        return new TaskSpec.ShardSource(r.getShard_sha256(), r.isSetShard_bytes() ? r.getShard_bytes() : null);
    }

    /** The initial weights, from the packed form when it is set (it wins over the lists), else the lists. */
    private static MlpWeights weightsOrThrow(Weights lists, ByteBuffer packed, int h, int k)
            throws InvalidTaskException {
        if (h < 1 || k < 2) {
            throw new InvalidTaskException("h must be >= 1 and k >= 2, got h=" + h + " k=" + k);
        }
        try {
            return packed != null ? WireWeights.unpack(packed, h, k) : WireWeights.fromWire(lists, h, k);
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException((packed != null ? "initial_packed: " : "initial weights: ") + e.getMessage());
        }
    }

    private static TrainingSettings settingsOrThrow(Map<String, String> settings) throws InvalidTaskException {
        try {
            return TrainingSettings.parse(NodeCapabilities.trainingSettings(settings));
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException(e.getMessage(), e);
        }
    }

    private static double[] toArray(List<Double> values) {
        if (values == null) {
            return null;
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
