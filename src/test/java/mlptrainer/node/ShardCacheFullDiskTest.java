package mlptrainer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mlptrainer.data.DataRoot;
import mlptrainer.data.Hashing;
import mlptrainer.data.SyntheticData;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.RpcConnection;
import mlptrainer.rpc.RpcLimits;
import mlptrainer.rpc.ServerOptions;
import mlptrainer.rpc.WireWeights;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.TaskResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 7: a node whose shard cache (--shard-cache-dir) sits on a small, full disk. Old
 * shards are evicted to make room for a new one; a shard that cannot be written at all ("No space
 * left on device") is trained from the shipped bytes without being cached, leaves no temporary
 * file, and later shards are cached again; a restart removes temporaries an earlier run left.
 * The disk is a 256 KiB tmpfs, so the test needs root (CI and the tests' machines run as root).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShardCacheFullDiskTest {
    private static final int FEATURES = 4;
    private static final int H = 5;
    private static final int K = 3;
    /** About 100 KB of rows: two fit the disk, a third only after an eviction. */
    private static final int ROWS = 8_000;
    @TempDir
    Path tmp;
    private Path disk;
    private boolean mounted;
    private ComputeNodeServer node;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        disk = Files.createDirectories(tmp.resolve("disk"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString()) == 0;
        assumeTrue(mounted, "this machine does not let root mount a tmpfs");
        Files.createDirectories(tmp.resolve("root"));
    }

    @AfterEach
    void unmount() throws Exception {
        if (node != null) {
            node.close();
        }
        if (mounted) {
            assertEquals(0, run("umount", disk.toString()), "unmounting " + disk);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running: " + String.join(" ", command));
        return p.exitValue();
    }

    private ComputeNodeServer startNode() throws IOException {
        // the cache's own bound (1 MiB) is above the disk's, so the disk is what runs out
        node = ComputeNodeServer.start(new NodeConfig(0, 0, 1, new DataRoot(tmp.resolve("root")), 8, 1L, disk,
                1 << 20), ServerOptions.onPort(0).withBindAddress("127.0.0.1"));
        return node;
    }

    private static TaskRequest shipped(byte[] shard, boolean withBytes) {
        TaskRequest r = new TaskRequest("data/shard.txt",
                WireWeights.toWire(MlpWeights.initUniform(FEATURES, H, K, 1L)), K, H, 0.001, 1, 1);
        r.setShard_sha256(Hashing.sha256Hex(shard));
        return withBytes ? r.setShard_bytes(shard) : r;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(disk)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private boolean cached(byte[] shard) throws IOException {
        return files().contains(Hashing.sha256Hex(shard) + ".txt");
    }

    private boolean anyTemporary() throws IOException {
        return files().stream().anyMatch(f -> f.startsWith("incoming-"));
    }

    @Test
    void aFullDiskCostsOneShardsCachingNeverLaterShards() throws Exception {
        byte[] a = SyntheticData.csv(ROWS, FEATURES, K, 1);
        byte[] b = SyntheticData.csv(ROWS, FEATURES, K, 2);
        byte[] c = SyntheticData.csv(ROWS, FEATURES, K, 3);
        byte[] huge = SyntheticData.csv(ROWS * 3, FEATURES, K, 4); // larger than the whole disk
        byte[] e = SyntheticData.csv(ROWS, FEATURES, K, 5);
        assertTrue(a.length > 80_000 && 2L * a.length < 256 * 1024 && 3L * a.length > 256 * 1024, "shard size "
                + a.length);
        startNode();
        try (RpcConnection<ComputeNode.Client> conn = RpcConnection.open("127.0.0.1", node.port(), 10_000, 60_000,
                RpcLimits.DEFAULT, ComputeNode.Client::new)) {
            ComputeNode.Client client = conn.client();
            for (byte[] shard : List.of(a, b, c)) {
                assertTrue(client.run_task(shipped(shard, true)).isAccepted());
            }
            assertFalse(cached(a), "the least recently used shard is evicted to make room: " + files());
            assertTrue(cached(b) && cached(c), files().toString());
            assertFalse(anyTemporary(), files().toString());

            TaskResult uncached = client.run_task(shipped(huge, true));
            assertTrue(uncached.isAccepted(), "a shard the disk cannot hold is trained from memory");
            assertTrue(uncached.isSetDeltas() || uncached.isSetDeltas_packed());
            assertEquals(1, node.service().shardCache().uncached());
            assertFalse(anyTemporary(), "no half-written file is left: " + files());
            assertTrue(cached(b) && cached(c), "nothing is evicted for a shard that could never fit: " + files());

            assertTrue(client.run_task(shipped(e, true)).isAccepted());
            assertTrue(cached(e), "a later shard is cached again: " + files());
            assertFalse(anyTemporary(), files().toString());
        }
    }

    @Test
    void aRestartRemovesTemporariesAndKeepsTheCachedShards() throws Exception {
        byte[] a = SyntheticData.csv(ROWS, FEATURES, K, 1);
        startNode();
        try (RpcConnection<ComputeNode.Client> conn = RpcConnection.open("127.0.0.1", node.port(), 10_000, 60_000,
                RpcLimits.DEFAULT, ComputeNode.Client::new)) {
            assertTrue(conn.client().run_task(shipped(a, true)).isAccepted());
        }
        node.close();
        // what a node killed while writing leaves: a half-written shard taking most of the rest of the disk
        Files.write(disk.resolve("incoming-123456789.tmp"), new byte[120_000]);
        startNode();
        assertFalse(anyTemporary(), "the new node removes it: " + files());
        assertTrue(cached(a));
        try (RpcConnection<ComputeNode.Client> conn = RpcConnection.open("127.0.0.1", node.port(), 10_000, 60_000,
                RpcLimits.DEFAULT, ComputeNode.Client::new)) {
            assertTrue(conn.client().run_task(shipped(a, false)).isAccepted(), "served from the cache by hash");
            byte[] b = SyntheticData.csv(ROWS, FEATURES, K, 2);
            assertTrue(conn.client().run_task(shipped(b, true)).isAccepted());
            assertTrue(cached(b), files().toString());
        }
    }
}
