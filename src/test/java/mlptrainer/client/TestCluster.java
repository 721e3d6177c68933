package mlptrainer.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import mlptrainer.coordinator.CoordinatorConfig;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.coordinator.SchedulerOptions;
import mlptrainer.data.DataRoot;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.ServerOptions;

/**
 * A compute node and a coordinator in this JVM on loopback ephemeral ports, over generated letters
 * data under a temporary root: {@code letters/train_letters1..3.txt} (50 rows each) and
 * {@code letters/validate_letters.txt} (60 rows), 16 features in 0..15, labels 0..25.
 */
public final class TestCluster implements AutoCloseable {
    public static final String DIR = "letters";
    private final Path root;
    private final ComputeNodeServer node;
    private final CoordinatorServer coordinator;

    private TestCluster(Path root, ComputeNodeServer node, CoordinatorServer coordinator) {
        this.root = root;
        this.node = node;
        this.coordinator = coordinator;
    }

    public static TestCluster start(Path root) throws IOException {
        writeData(root.resolve(DIR));
        ComputeNodeServer node = ComputeNodeServer.start(new NodeConfig(0.0, 0, 1, new DataRoot(root), 64, 1L),
                ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
        try {
            CoordinatorServer coordinator = CoordinatorServer.start(new CoordinatorConfig(1,
                    List.of(new NodeAddress("127.0.0.1", node.port())), new DataRoot(root), SchedulerOptions.DEFAULTS,
                    4096, 15000, 1L), ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
            return new TestCluster(root, node, coordinator);
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Writes the shards and the validation file into {@code dir}. */
    public static void writeData(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(42);
        for (int shard = 1; shard <= 3; shard++) {
            Files.writeString(dir.resolve("train_letters" + shard + ".txt"), rows(random, 50, true));
        }
        Files.writeString(dir.resolve("validate_letters.txt"), rows(random, 60, true));
    }

    /** Rows whose features depend on the label, so that a model can learn something. */
    public static String rows(Random random, int n, boolean labelled) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(26);
            for (int j = 0; j < 16; j++) {
                int v = Math.min(15, (j % 2 == 0 ? label % 16 : label / 2 % 16) + random.nextInt(2));
                sb.append(j == 0 ? "" : ",").append(v);
            }
            sb.append(labelled ? "," + label : "").append('\n');
        }
        return sb.toString();
    }

    public Path root() {
        return root;
    }

    public Path validationFile() {
        return root.resolve(DIR).resolve("validate_letters.txt");
    }

    public int port() {
        return coordinator.port();
    }

    @Override
    public void close() {
        try {
            coordinator.close();
        } finally {
            node.close();
        }
    }
}
