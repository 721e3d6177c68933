package mlptrainer.node;

import java.io.IOException;
import mlptrainer.rpc.AuthToken;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.gen.CancellableComputeNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a compute node: service, handler and Thrift server. Close to stop it. */
public final class ComputeNodeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeNodeServer.class);
    private final RpcServer server;
    private final ComputeNodeService service;

    private ComputeNodeServer(RpcServer server, ComputeNodeService service) {
        this.server = server;
        this.service = service;
    }

    public ComputeNodeService service() {
        return service;
    }

    /** Starts serving; returns once the port is bound. */
    public static ComputeNodeServer start(NodeConfig config, ServerOptions options) throws IOException {
        return start(config, options, AuthToken.NONE);
    }

    /** Starts serving with a shared-secret token every call must carry. */
    public static ComputeNodeServer start(NodeConfig config, ServerOptions options, AuthToken token)
            throws IOException {
        ComputeNodeService service = new ComputeNodeService(config);
        ComputeNodeHandler handler = new ComputeNodeHandler(service, token);
        RpcServer server;
        try {
            server = RpcServer.start("node", new CancellableComputeNode.Processor<>(handler), options);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        LOG.info("compute node: listening on {}:{}{}, load probability {}, {} slot(s), data root {}",
                options.bindAddress(), server.port(), options.tls() == null ? "" : " (TLS)", config.loadProbability(),
                config.slots(), config.dataRoot());
        return new ComputeNodeServer(server, service);
    }

    public int port() {
        return server.port();
    }

    public RpcServer rpc() {
        return server;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.close();
        service.close();
    }
}
