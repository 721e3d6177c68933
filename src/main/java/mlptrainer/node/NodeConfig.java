package mlptrainer.node;

import java.nio.file.Path;
import mlptrainer.data.DataRoot;

/**
 * How a compute node behaves.
 *
 * @param loadProbability with this probability a task first sleeps {@code loadDelayMs} (injected load),
 *                        and under policy 2 a task is rejected
 * @param loadDelayMs     the injected load, in milliseconds (the original: 3000)
 * @param slots           tasks trained at once; more wait
 * @param dataRoot        where shards are read from
 * @param cachedShards    parsed shards kept in memory
 * @param randomSeed      seeds load injection and rejection; null for a random seed
 * @param shardCacheDir        where shards shipped by the coordinator are kept; null for a fresh temporary directory
 * @param shardCacheBytes      the most bytes of shipped shards kept
 * @param badDeltaProbability fault injection for testing: with this probability a task's deltas are sent
 *                        with a NaN in them (0 in normal use)
 */
public record NodeConfig(double loadProbability, long loadDelayMs, int slots, DataRoot dataRoot, int cachedShards,
        Long randomSeed, Path shardCacheDir, long shardCacheBytes, double badDeltaProbability) {
    /**
     * The most local shard files a node keeps parsed (the cache is also bounded by a quarter of the
     * heap): more than any split's shards that fit in memory, so a job over many small shards does
     * not read, parse and hash each file again in every round.
     */
    public static final int DEFAULT_CACHED_SHARDS = 1024;
    /** Default shard cache size: 512 MiB. */
    public static final long DEFAULT_VAULT_BYTES = 512L << 20;

    /** Without fault injection. */
    public NodeConfig(double loadProbability, long loadDelayMs, int slots, DataRoot dataRoot, int cachedShards,
            Long randomSeed, Path shardCacheDir, long shardCacheBytes) {
        this(loadProbability, loadDelayMs, slots, dataRoot, cachedShards, randomSeed, shardCacheDir, shardCacheBytes,
                0);
    }

    /** With a temporary shard cache of the default size. */
    public NodeConfig(double loadProbability, long loadDelayMs, int slots, DataRoot dataRoot, int cachedShards,
            Long randomSeed) {
        this(loadProbability, loadDelayMs, slots, dataRoot, cachedShards, randomSeed, null, DEFAULT_VAULT_BYTES);
    }

    public NodeConfig {
        if (!(loadProbability >= 0 && loadProbability <= 1)) {
            throw new IllegalArgumentException("load probability must be in [0, 1], got " + loadProbability);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        if (!(badDeltaProbability >= 0 && badDeltaProbability <= 1)) {
            throw new IllegalArgumentException("bad-delta probability must be in [0, 1], got " + badDeltaProbability);
        }
        if (loadDelayMs < 0) {
            throw new IllegalArgumentException("load delay must be >= 0 ms, got " + loadDelayMs);
        }
    }

    /** The original's behaviour: 3 s of load with probability p, one task at a time, the working directory. */
    public static NodeConfig defaults(double loadProbability) {
        return new NodeConfig(loadProbability, 3000, 1, DataRoot.workingDirectory(), 64, null);
    }
}
