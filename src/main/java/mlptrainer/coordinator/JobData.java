package mlptrainer.coordinator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import mlptrainer.data.DataException;
import mlptrainer.data.DataFile;
import mlptrainer.data.DataRoot;
import mlptrainer.data.Dataset;
import mlptrainer.data.DatasetCache;
import mlptrainer.data.Hashing;
import mlptrainer.data.ShardFiles;
import mlptrainer.model.FeatureStandardizer;
import mlptrainer.model.TrainingSettings;

/**
 * The data a job trains on, read and checked once at its start ({@link #load}): before a job exists
 * the job manager loads it to check a request, and the warm-up loads its synthetic data the same
 * way. Only names and hashes of the shards are kept, not their rows, so a job's memory does not
 * grow with its data; a shard's bytes are read again when a node needs them shipped. Immutable.
 *
 * @param shards          the training shards, in shard order
 * @param features        d, the same in every file
 * @param hash            the SHA-256 of every file's name and hash: what a checkpoint was made on
 * @param settings        the request's training settings as nodes get them (no strategy settings), parsed
 * @param standardizer    the features' standardisation fitted on the shards, or null when not asked
 * @param validationInput the validation rows, standardised as the shards are
 * @param strategy        the request's aggregation strategy, checked against the shards
 */
record JobData(List<ShardRef> shards, int features, String hash, TrainingSettings settings,
        FeatureStandardizer standardizer, Dataset validationInput, StrategySettings strategy) {

    /**
     * A training shard: the path sent to nodes, the SHA-256 of the version the job trains, and
     * its size as the deltas' bound needs it.
     */
    record ShardRef(String path, String sha256, DeltaBound.ShardScale scale) {
    }

    /** Reads and checks the job's data (cached by the coordinator while the files are unchanged). */
    static JobData load(JobSpec spec, CoordinatorContext ctx) throws DataException {
        return load(spec, ctx.dataRoot(), ctx.datasets());
    }

    /** As {@link #load(JobSpec, CoordinatorContext)}, from this root and cache (the start-up warm-up's). */
    static JobData load(JobSpec spec, DataRoot root, DatasetCache datasets) throws DataException {
        Path dir = root.resolve(spec.dir());
        StrategySettings strategy = StrategySettings.parse(FaultInjection.withoutInjection(spec.settings()));
        TrainingSettings settings = TrainingSettings.parse(strategy.nodeSettings());
        List<ShardRef> shards = new ArrayList<>();
        // only standardising needs every shard's rows at once (the memory admission counts them only then)
        List<Dataset> shardRows = new ArrayList<>();
        MessageDigest hash = Hashing.digest();
        int d = -1;
        for (String f : ShardFiles.trainingFiles(dir, spec.dir())) {
            DataFile file = datasets.loadFile(spec.dir() + "/" + f, spec.k());
            d = checkFeatures(file, d);
            if (settings.standardize()) {
                shards.add(new ShardRef(file.name(), file.sha256(), null));
                shardRows.add(file.data());
            } else {
                shards.add(new ShardRef(file.name(), file.sha256(), DeltaBound.ShardScale.of(file.data(), null)));
            }
            hash.update((f + ":" + file.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        DataFile validation = datasets.loadFile(spec.dir() + "/" + ShardFiles.VALIDATION_FILE, spec.k());
        checkFeatures(validation, d);
        hash.update((ShardFiles.VALIDATION_FILE + ":" + validation.sha256()).getBytes(StandardCharsets.UTF_8));
        FeatureStandardizer standardizer = settings.standardize() ? FeatureStandardizer.fit(shardRows) : null;
        for (int s = 0; s < shardRows.size(); s++) { // the scale is of the rows as nodes train them
            ShardRef ref = shards.get(s);
            shards.set(s, new ShardRef(ref.path(), ref.sha256(), DeltaBound.ShardScale.of(shardRows.get(s),
                    standardizer)));
        }
        Dataset validationInput = standardizer == null ? validation.data() : standardizer.apply(validation.data());
        strategy.checkFits(shards.size(), settings, spec.eta(), spec.resume());
        return new JobData(shards, d, HexFormat.of().formatHex(hash.digest()), settings, standardizer,
                validationInput, strategy);
    }

    /** @return the file's feature count, after checking it equals {@code expected} (-1: the first file) */
    private static int checkFeatures(DataFile file, int expected) throws DataException {
        int d = file.data().features();
        if (expected >= 0 && d != expected) {
            throw new DataException(file.name() + " has " + d + " features, the training shards before it " + expected);
        }
        return d;
    }
}
