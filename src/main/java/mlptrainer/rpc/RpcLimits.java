package mlptrainer.rpc;

import mlptrainer.SizeLimits;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.protocol.TProtocolUtil;

/**
 * Bounds on what a peer may send, so that a hostile length prefix (a list "of 2^31-1 elements")
 * is refused before anything is allocated. Each reader's bounds come from {@link SizeLimits}, by
 * what that reader receives: every message a job accepted under those limits produces fits the
 * bounds of the reader it goes to. Immutable.
 *
 * @param maxMessageBytes  the largest message accepted, in bytes
 * @param maxContainer     the most elements in one list, set or map
 * @param maxStringBytes   the longest string or binary field (a shipped shard, packed weights), in bytes
 */
public record RpcLimits(int maxMessageBytes, int maxContainer, int maxStringBytes) {
    /** The largest h accepted by default (--max-hidden). */
    public static final int DEFAULT_MAX_H = SizeLimits.MAX_HIDDEN;
    /** Shards shipped to nodes may be up to this size, in bytes. */
    public static final int DEFAULT_MAX_SHARD_BYTES = SizeLimits.MAX_SHARD_BYTES;
    /** Thrift's nesting limit; our messages nest 4 deep at most. */
    private static final int RECURSION_LIMIT = 16;
    /** Lists of names (settings, nodes) hold at most this many; weight rows and rounds may hold more. */
    private static final int MIN_CONTAINER = 1024;

    static {
        // libthrift skips unknown fields recursively with no depth bound by default, so a message nesting
        // structs or lists thousands deep overflows the reading thread's stack; bound it (process-wide,
        // for servers and clients alike: a hostile server can send the same)
        TProtocolUtil.setMaxSkipDepth(RECURSION_LIMIT);
    }

    /** A compute node's bounds at the default h and shard size (the widest reader of one set of weights). */
    public static final RpcLimits DEFAULT = forNode(DEFAULT_MAX_H, DEFAULT_MAX_SHARD_BYTES);

    /**
     * What a compute node reads: a task with one set of weights (lists or packed), the shard's bytes,
     * the feature means and scales, names and settings.
     *
     * @param maxH     the largest h the node accepts
     * @param maxShard the largest shard, in bytes, that may be shipped in a message
     */
    public static RpcLimits forNode(int maxH, int maxShard) {
        long message = SizeLimits.maxWeightsWireBytes(maxH) + maxShard + 2 * SizeLimits.featureListBytes()
                + SizeLimits.FIELDS_BYTES;
        long string = Math.max(Math.max(maxShard, SizeLimits.packedBytes(SizeLimits.maxWeightValues(maxH))),
                SizeLimits.MAX_FIELD_BYTES);
        return of(message, weightRows(maxH), string);
    }

    /** What a coordinator reads from its nodes: a task's reply with one set of weights, a description. */
    public static RpcLimits forNodeReplies(int maxH) {
        long message = SizeLimits.maxWeightsWireBytes(maxH) + SizeLimits.FIELDS_BYTES;
        long string = Math.max(SizeLimits.packedBytes(SizeLimits.maxWeightValues(maxH)), SizeLimits.MAX_FIELD_BYTES);
        return of(message, weightRows(maxH), string);
    }

    /**
     * What a coordinator's server reads: calls from clients and nodes, which carry names, numbers
     * and settings only (never weights or data).
     */
    public static RpcLimits forCoordinator() {
        return of(SizeLimits.FIELDS_BYTES, MIN_CONTAINER, SizeLimits.MAX_FIELD_BYTES);
    }

    /**
     * What a client reads from a coordinator: a job's model (last and best weights in list form,
     * feature means and scales), a status with a job's every round, or a job's trace.
     */
    public static RpcLimits forClient() {
        long model = 2 * SizeLimits.maxWeightsWireBytes(SizeLimits.MAX_HIDDEN) + 2 * SizeLimits.featureListBytes();
        long message = Math.max(Math.max(model, SizeLimits.maxRoundsWireBytes()), SizeLimits.MAX_TRACE_BYTES)
                + SizeLimits.FIELDS_BYTES;
        return of(message, Math.max(weightRows(SizeLimits.MAX_HIDDEN), SizeLimits.MAX_ROUNDS + 1),
                Math.max(SizeLimits.FIELDS_BYTES, SizeLimits.MAX_TRACE_BYTES));
    }

    /**
     * Bounds for a model of at most these sizes and shipped shards of at most {@code maxShard} bytes.
     *
     * @param maxD      the most input features
     * @param maxH      the most hidden units
     * @param maxK      the most classes
     * @param maxShard  the largest shard, in bytes, that may be shipped in a message
     */
    public static RpcLimits forModel(int maxD, int maxH, int maxK, int maxShard) {
        long weights = Math.max(SizeLimits.listBytes(maxD, maxH, maxK),
                SizeLimits.packedBytes(SizeLimits.weightValues(maxD, maxH, maxK)));
        long message = weights + maxShard + SizeLimits.FIELDS_BYTES;
        int container = Math.max(Math.max(maxD, maxH), maxK) + 1;
        return of(message, container, Math.max(maxShard, weights));
    }

    private static int weightRows(int maxH) {
        return Math.max(Math.max(SizeLimits.MAX_FEATURES, maxH), SizeLimits.MAX_CLASSES) + 1;
    }

    private static RpcLimits of(long message, int container, long string) {
        return new RpcLimits((int) Math.min(Integer.MAX_VALUE - 8, message), Math.max(container, MIN_CONTAINER),
                (int) Math.min(Integer.MAX_VALUE - 8, string));
    }

    /** @return the transport configuration enforcing the message size and nesting limit */
    public TConfiguration configuration() {
        return new TConfiguration(maxMessageBytes, maxMessageBytes, RECURSION_LIMIT);
    }

    /** @return a binary protocol factory (the original's protocol) enforcing the string and container limits */
    public TProtocolFactory protocolFactory() {
        return ChunkedBinaryProtocol.factory(maxStringBytes, maxContainer);
    }
}
