package mlptrainer.node;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import mlptrainer.Version;
import mlptrainer.model.MlpWeights;
import mlptrainer.model.TrainingSettings;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.ShardMissing;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
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
public final class ComputeNodeHandler implements ComputeNode.Iface {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeNodeHandler.class);
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
            LOG.warn("train_with_weights: refused a call from {}: the original's call carries no token",
                    RpcServer.currentPeer());
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR,
                    "this compute node requires a token, which train_with_weights cannot carry");
        }
        try {
            MlpWeights initial = weightsOrThrow(initialWeights, null, h, k);
            TaskSpec spec = new TaskSpec(trainingFile, initial, k, eta, epochs, schedulingPolicy,
                    TrainingSettings.COURSE, 0L, null, null, null, String.valueOf(trainingFile));
            TaskReply reply = service.run(spec);
            return reply.accepted()
                    ? new TrainResult(true, reply.trainingError(), WireWeights.toWire(reply.deltas()))
                    : new TrainResult(false, 0.0, null);
        } catch (InvalidTaskException | ShardMissingException e) {
            LOG.warn("task {}: refused: {}", trainingFile, e.getMessage());
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
        NodeInfo info = new NodeInfo(Version.get(), c.slots(), c.loadProbability(), Set.copyOf(TrainingSettings.KNOWN),
                true);
        return info.setPacked_weights(true);
    }

    @Override
    public TaskResult run_task(TaskRequest request) throws TException {
        checkToken(request.getAuth_token(), "run_task");
        String label = request.isSetLabel() ? request.getLabel() : request.getTraining_file();
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
        } catch (InvalidTaskException e) {
            LOG.warn("task {}: refused: {}", label, e.getMessage());
            throw new InvalidRequest(e.getMessage());
        } catch (ShardMissingException e) {
            LOG.info("task {}: asking the coordinator for the shard's bytes ({})", label, e.getMessage());
            throw new ShardMissing(e.getMessage(), e.sha256());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TApplicationException(TApplicationException.INTERNAL_ERROR, "node shutting down");
        }
    }

    private static TaskSpec toSpec(TaskRequest r, String label) throws InvalidTaskException {
        if (r.getTraining_file() == null) {
            throw new InvalidTaskException("training_file is required");
        }
        MlpWeights initial = weightsOrThrow(r.getInitial_weights(),
                r.isSetInitial_packed() ? r.bufferForInitial_packed() : null, r.getH(), r.getK());
        TrainingSettings settings = settingsOrThrow(r.isSetSettings() ? r.getSettings() : Map.of());
        return new TaskSpec(r.getTraining_file(), initial, r.getK(), r.getEta(), r.getEpochs(),
                r.getScheduling_policy(), settings, r.getShuffle_seed(), toArray(r.getFeature_mean()),
                toArray(r.getFeature_scale()), shardSource(r), label);
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
            return TrainingSettings.parse(settings);
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException(e.getMessage(), e);
        }
    }

    private static double[] toArray(java.util.List<Double> values) {
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
