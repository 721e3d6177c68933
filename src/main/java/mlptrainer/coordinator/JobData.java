package mlptrainer.coordinator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import mlptrainer.Untrusted;
import mlptrainer.data.CsvDatasetReader;
import mlptrainer.data.DataException;
import mlptrainer.data.DataFile;
import mlptrainer.data.DataRoot;
import mlptrainer.data.Dataset;
import mlptrainer.data.DatasetCache;
import mlptrainer.data.DatasetManifest;
import mlptrainer.data.Hashing;
import mlptrainer.data.ShardFiles;
import mlptrainer.model.FeatureStandardizer;
import mlptrainer.model.TrainingSettings;
import mlptrainer.node.NodeCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * @param manifest        the directory's dataset.json, or null when it has none
 * @param realValued      whether nodes must read non-int features: the manifest says so, or a
 *                        training shard holds one (the original's nodes, and ours before they listed
 *                        {@link NodeCapabilities#REAL_FEATURES}, read ints only)
 */
record JobData(List<ShardRef> shards, int features, String hash, TrainingSettings settings,
        FeatureStandardizer standardizer, Dataset validationInput, StrategySettings strategy,
        DatasetManifest manifest, boolean realValued) {
    private static final Logger LOG = LoggerFactory.getLogger(JobData.class);

    /**
     * A training shard: the path sent to nodes, the SHA-256 of the version the job trains, and
     * its size as the deltas' bound needs it.
     */
    record ShardRef(String path, String sha256, DeltaBound.ShardScale scale) {
    }

    /**
     * The request's k checked against the directory's manifest: {@link JobSpec#K_FROM_DATA} becomes
     * the manifest's k (26 without one); another k must equal it, except from the original's train
     * call, whose clients send 26 whatever the data: there the manifest's k wins, and is logged.
     *
     * @throws IllegalArgumentException naming both values when a k our client gave differs
     */
    static JobSpec resolveClasses(JobSpec spec, DataRoot root, boolean originalCall) throws DataException {
        DatasetManifest manifest = manifestOf(spec, root.resolve(spec.dir()));
        if (manifest == null) {
            return spec.k() == JobSpec.K_FROM_DATA ? spec.withK(JobSpec.DEFAULT_K) : spec;
        }
        if (spec.k() == JobSpec.K_FROM_DATA || spec.k() == manifest.k()) {
            return spec.withK(manifest.k());
        }
        String where = Untrusted.shown(spec.dir()) + "/" + DatasetManifest.FILE_NAME;
        if (!originalCall) {
            throw new IllegalArgumentException("k " + spec.k() + " was asked, but " + where + " says k "
                    + manifest.k() + ": leave out --k (the manifest's k is used) or give --k " + manifest.k());
        }
        LOG.info("train: the original's call asked k {}, {} says k {}: training with k {}", spec.k(), where,
                manifest.k(), manifest.k());
        return spec.withK(manifest.k());
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
        List<String> files = ShardFiles.trainingFiles(dir, spec.dir());
        DatasetManifest manifest = manifestOf(spec, dir);
        if (manifest != null) {
            checkManifest(manifest, spec, files);
        }
        boolean realValued = manifest != null && manifest.realValued();
        List<ShardRef> shards = new ArrayList<>();
        // only standardising needs every shard's rows at once (the memory admission counts them only then)
        List<Dataset> shardRows = new ArrayList<>();
        MessageDigest hash = Hashing.digest();
        int d = manifest == null ? -1 : manifest.d();
        for (String f : files) {
            DataFile file = datasets.loadFile(spec.dir() + "/" + f, spec.k());
            d = checkShape(file, d, manifest);
            realValued |= !file.data().wholeNumbers();
            if (settings.standardize()) {
                shards.add(new ShardRef(file.name(), file.sha256(), null));
                shardRows.add(file.data());
            } else {
                shards.add(new ShardRef(file.name(), file.sha256(), DeltaBound.ShardScale.of(file.data(), null)));
            }
            hash.update((f + ":" + file.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        DataFile validation = datasets.loadFile(spec.dir() + "/" + ShardFiles.VALIDATION_FILE, spec.k());
        checkShape(validation, d, manifest); // only the coordinator reads it: its numbers need no node
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
                validationInput, strategy, manifest, realValued);
    }

    /** The manifest must describe this request and these files: its k, its shards and validation file. */
    private static void checkManifest(DatasetManifest manifest, JobSpec spec, List<String> files) throws DataException {
        String where = Untrusted.shown(spec.dir()) + "/" + DatasetManifest.FILE_NAME;
        if (manifest.k() != spec.k()) {
            throw new DataException(where + " says k " + manifest.k() + ", the request k " + spec.k());
        }
        List<String> listed = manifest.shards().stream().map(DatasetManifest.FileRows::file).sorted().toList();
        if (!listed.equals(files.stream().sorted().toList())) {
            throw new DataException(where + " lists the training shards " + Untrusted.shown(listed.toString())
                    + ", but the directory has " + Untrusted.shown(files.toString()) + "; prepare it again");
        }
        if (!manifest.validation().file().equals(ShardFiles.VALIDATION_FILE)) {
            throw new DataException(where + " names the validation file "
                    + Untrusted.shown(manifest.validation().file()) + "; this version reads "
                    + ShardFiles.VALIDATION_FILE);
        }
    }

    /** @return the directory's manifest, or null when it has none; a bad one's message names the directory */
    private static DatasetManifest manifestOf(JobSpec spec, Path dir) throws DataException {
        try {
            return DatasetManifest.read(dir).orElse(null);
        } catch (DataException e) {
            throw new DataException(Untrusted.shown(spec.dir()) + "/" + e.getMessage(), e);
        }
    }

    /**
     * Checks a file's d against {@code expected} (-1: the first file sets it) and, with a manifest,
     * its rows against the manifest's count: a file changed since it was prepared is another data set.
     *
     * @return the file's feature count
     */
    private static int checkShape(DataFile file, int expected, DatasetManifest manifest) throws DataException {
        int d = file.data().features();
        if (expected >= 0 && d != expected) {
            String line = file.name() + " line " + CsvDatasetReader.firstRowLine(file.bytes()) + ": " + d + " features";
            throw new DataException(manifest != null ? line + ", but " + DatasetManifest.FILE_NAME + " says d " + expected
                    : line + ", the training shards before it " + expected);
        }
        long listed = manifest == null ? file.data().rows() : manifest.rowsOf(Path.of(file.name()).getFileName()
                .toString());
        if (listed != file.data().rows()) {
            throw new DataException(file.name() + " has " + file.data().rows() + " rows, but "
                    + DatasetManifest.FILE_NAME + " says " + listed + ": the file changed since it was prepared; "
                    + "prepare the data again");
        }
        return d;
    }
}
