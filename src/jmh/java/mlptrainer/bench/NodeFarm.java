package mlptrainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.ServerOptions;

/**
 * Many compute-node servers in one JVM, for scripts/bench-scale.sh's coordinator-cost run:
 * {@code java -cp target/benchmarks.jar mlptrainer.bench.NodeFarm N DATA_ROOT NODES_FILE}.
 * Starts N nodes (load 0, one slot each) on free loopback ports, writes their "host,port" list to
 * NODES_FILE (renamed into place once all listen, so its appearance means "ready") and serves
 * until killed.
 */
public final class NodeFarm {
    private NodeFarm() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: NodeFarm N DATA_ROOT NODES_FILE");
            System.exit(2);
        }
        Quiet.logs();
        int n = Integer.parseInt(args[0]);
        DataRoot root = new DataRoot(Path.of(args[1]));
        Path list = Path.of(args[2]);
        List<ComputeNodeServer> servers = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ComputeNodeServer s = ComputeNodeServer.start(new NodeConfig(0.0, 0, 1, root, 64, (long) i),
                    ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
            servers.add(s);
            lines.append("127.0.0.1,").append(s.port()).append('\n');
        }
        Path tmp = list.resolveSibling(list.getFileName() + ".tmp");
        Files.writeString(tmp, lines);
        Files.move(tmp, list, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(ComputeNodeServer::close)));
        Thread.currentThread().join();
    }
}
