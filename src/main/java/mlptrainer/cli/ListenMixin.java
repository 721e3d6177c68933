package mlptrainer.cli;

import java.nio.file.Path;
import mlptrainer.data.DataRoot;
import mlptrainer.rpc.ServerOptions;
import picocli.CommandLine.Option;

/** Where a server listens and which directory it may read data from: shared by the node and the coordinator. */
public final class ListenMixin {
    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bind;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "Directory data paths are resolved against; paths leading outside it are refused "
                    + "(default: the working directory).")
    Path dataRoot;

    @Option(names = "--max-connections", paramLabel = "N",
            defaultValue = "" + ServerOptions.DEFAULT_MAX_CONNECTIONS,
            description = "Connections served at once (default: ${DEFAULT-VALUE}). When full, a new connection takes "
                    + "the place of the oldest one that has not sent a complete first call, then of the longest idle.")
    int maxConnections;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            defaultValue = "" + ServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Connections served at once from one address (default: ${DEFAULT-VALUE}); beyond it a new "
                    + "connection takes the place of one of that address's own, as above.")
    int maxConnectionsPerAddress;

    @Option(names = "--first-message-timeout-ms", paramLabel = "MS",
            defaultValue = "" + ServerOptions.DEFAULT_FIRST_MESSAGE_TIMEOUT_MS,
            description = "A new connection must complete its first call (TLS handshake included) within this long, "
                    + "however slowly it sends, or it is closed (default: ${DEFAULT-VALUE}).")
    int firstMessageTimeoutMs;

    /** @return how to listen on {@code port}: the address and connection limits given, checked */
    ServerOptions serverOptions(int port) {
        Args.atLeast(maxConnections, 1, "--max-connections");
        Args.atLeast(maxConnectionsPerAddress, 1, "--max-connections-per-address");
        Args.atLeast(firstMessageTimeoutMs, 1, "--first-message-timeout-ms");
        return ServerOptions.onPort(port).withBindAddress(bind).withConnections(maxConnections,
                maxConnectionsPerAddress, firstMessageTimeoutMs);
    }

    /** @return the data root, checked to be a directory */
    DataRoot dataRoot() {
        return Args.dataRoot(dataRoot);
    }

    /** @return true when the server listens on every interface rather than one address */
    boolean everyInterface() {
        return "0.0.0.0".equals(bind) || "::".equals(bind);
    }
}
