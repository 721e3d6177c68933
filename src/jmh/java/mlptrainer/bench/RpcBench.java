package mlptrainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mlptrainer.data.DataRoot;
import mlptrainer.model.MlpWeights;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.node.NodeConfig;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import org.apache.thrift.TException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One run_task round trip to an in-process compute node on loopback, h 24 weights, over one
 * kept connection: the client converts the weights to the wire format, the node parses the
 * request, trains (its shard cache holds the parsed shard after the first call) and replies;
 * the client converts the deltas back. {@code epochs=1} is mostly the RPC and conversion cost,
 * {@code epochs=50} a whole course task. {@code form}: the weights packed (TaskRequest.initial_packed,
 * what the coordinator sends current nodes) or as the original's lists of rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m", "--add-modules", "jdk.incubator.vector"})
public class RpcBench {
    @Param({"1", "50"})
    public int epochs;
    @Param("24")
    public int h;
    @Param("")
    public String shard;
    @Param({"packed", "lists"})
    public String form;

    private Path dir;
    private ComputeNodeServer node;
    private RpcConnection<ComputeNode.Client> conn;
    private MlpWeights initial;

    @Setup
    public void setUp() throws IOException, TException {
        Quiet.logs();
        dir = Files.createTempDirectory("rpcbench");
        var data = Shards.load(shard, 1500);
        Files.writeString(dir.resolve("train_letters1.txt"), Shards.csv(data));
        node = ComputeNodeServer.start(new NodeConfig(0.0, 0, 1, new DataRoot(dir), 64, 1L),
                ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
        conn = RpcConnection.open("127.0.0.1", node.port(), 2000, 60_000, RpcLimits.DEFAULT, ComputeNode.Client::new);
        initial = MlpWeights.initUniform(data.features(), h, Shards.CLASSES, 42);
    }

    @Benchmark
    public MlpWeights roundTrip() throws TException {
        boolean packed = form.equals("packed");
        TaskRequest request = new TaskRequest("train_letters1.txt", packed ? null : WireWeights.toWire(initial),
                Shards.CLASSES, h, 1e-4, epochs, 1);
        if (packed) {
            request.setInitial_packed(WireWeights.pack(initial));
        }
        TaskResult r = conn.client().run_task(request);
        if (!r.isAccepted()) {
            throw new IllegalStateException("task rejected");
        }
        return packed ? WireWeights.unpack(r.bufferForDeltas_packed(), h, Shards.CLASSES)
                : WireWeights.fromWire(r.getDeltas(), h, Shards.CLASSES);
    }

    @TearDown
    public void tearDown() throws IOException {
        conn.close();
        node.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
