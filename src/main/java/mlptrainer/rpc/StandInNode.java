package mlptrainer.rpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.NodeInfo;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import mlptrainer.rpc.gen.TrainResult;
import mlptrainer.rpc.gen.Weights;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;

/**
 * A stand-in compute node for the coordinator's warm-up, over a {@link LoopbackNode}: it answers
 * every task with the same deltas, packed as a current node sends them, and serves nothing else.
 * Tasks go to it through {@link TaskCodec} as a job's go to a node that reads packed weights.
 * Not thread-safe (one connection); close to stop it.
 */
public final class StandInNode implements AutoCloseable {
    private final LoopbackNode loopback;

    private StandInNode(LoopbackNode loopback) {
        this.loopback = loopback;
    }

    /**
     * @param name   for the server's thread names
     * @param deltas what every task is answered with
     * @param limits the bounds both ends use, as the caller's real links do
     * @throws IOException when no loopback port can be bound or connected to
     */
    public static StandInNode start(String name, MlpWeights deltas, RpcLimits limits) throws IOException {
        return new StandInNode(LoopbackNode.start(name, new Handler(WireWeights.pack(deltas)), limits));
    }

    /** @return the stand-in's reply to the task, sent with packed weights and no token */
    public TaskCodec.Reply run(TaskCodec.Task task) throws TException {
        return TaskCodec.reply(loopback.client().run_task(TaskCodec.request(task, true, "")), task);
    }

    @Override
    public void close() {
        loopback.close();
    }

    /** Answers every task with the same deltas. */
    private record Handler(ByteBuffer deltas) implements ComputeNode.Iface {
        @Override
        public TaskResult run_task(TaskRequest request) {
            return new TaskResult(true, 0.5, null, request.getEpochs(), 1.0, 1L).setDeltas_packed(deltas);
        }

        @Override
        public NodeInfo describe(String authToken) throws TApplicationException {
            throw notServed();
        }

        @Override
        public TrainResult train_with_weights(String trainingFile, Weights initialWeights, double loadProbability,
                int k, int h, double eta, int epochs, int schedulingPolicy) throws TApplicationException {
            throw notServed();
        }

        private static TApplicationException notServed() {
            return new TApplicationException(TApplicationException.UNKNOWN_METHOD, "the warm-up serves run_task only");
        }
    }
}
