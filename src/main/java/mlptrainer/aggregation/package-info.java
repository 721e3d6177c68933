/**
 * Pure aggregation of a round's deltas, over flat {@code double[]} vectors (one block of a
 * model's weights at a time): mean, weighted mean, coordinate-wise median and trimmed mean,
 * Krum's selection, the per-round shard sample, and the server optimisers of Reddi et al.,
 * "Adaptive Federated Optimization" (ICLR 2021). No I/O and no threads: every function sums and
 * compares in a fixed order (list order, then index order), so the same inputs give the same bits
 * on every run. Inputs are checked (same length, finite) and never changed unless the method's
 * name ends in {@code InPlace}.
 */
package mlptrainer.aggregation;
