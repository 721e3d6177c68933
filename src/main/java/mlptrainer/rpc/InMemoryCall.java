package mlptrainer.rpc;

import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.transport.TMemoryBuffer;

/**
 * One {@code run_task} call without a socket: the generated client writes the request into a
 * memory buffer with the servers' protocol, the generated processor reads it, calls the handler and
 * writes the reply, and the client reads that. Every message is (de)serialised as on the network.
 * The start-up warm-ups use it to get that code compiled. Stateless and thread-safe.
 */
public final class InMemoryCall {
    /** Initial buffer size; the buffers grow to the message. */
    private static final int BUFFER_BYTES = 32 * 1024;

    private InMemoryCall() {
    }

    /**
     * @param handler what serves the call
     * @param request the task
     * @param limits  the bounds whose protocol is used, as the servers use them
     * @return the handler's result, after a round trip through the wire format
     * @throws TException as the client would see it: a declared exception of the handler, or a protocol error
     */
    public static TaskResult runTask(ComputeNode.Iface handler, TaskRequest request, RpcLimits limits)
            throws TException {
        TProtocolFactory protocols = limits.protocolFactory();
        TMemoryBuffer requests = new TMemoryBuffer(BUFFER_BYTES);
        TMemoryBuffer replies = new TMemoryBuffer(BUFFER_BYTES);
        ComputeNode.Client client = new ComputeNode.Client(protocols.getProtocol(replies),
                protocols.getProtocol(requests));
        client.send_run_task(request);
        new ComputeNode.Processor<>(handler).process(protocols.getProtocol(requests), protocols.getProtocol(replies));
        return client.recv_run_task();
    }
}
