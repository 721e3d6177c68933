package mlptrainer.prepare;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import mlptrainer.Untrusted;
import mlptrainer.data.DataException;
import mlptrainer.data.DataRoot;
import mlptrainer.data.DatasetManifest;
import mlptrainer.data.DatasetManifest.FileRows;
import mlptrainer.data.Hashing;
import mlptrainer.data.ShardFiles;

/**
 * Turns a CSV file into a data directory in two passes, in memory independent of the file's size. Pass 1
 * ({@link SourceScan}) checks every row, counts rows per label and hashes the file; nothing is written
 * when it finds an error. Pass 2 reads the file again and streams each row to its place
 * ({@link Allocation}): a stratified, seeded split into shards and validation rows, then writes
 * {@code dataset.json}. A file that changes between the passes is an error, and the files written are
 * deleted. Stateless: each call is independent.
 */
public final class Preparer {
    /** The most shards: each open file holds a buffer, and the heap may be 64 MB. */
    public static final int MAX_SHARDS = 1000;

    private Preparer() {
    }

    /** What a preparation wrote, and what it warns about (one line each). */
    public record Result(DatasetManifest manifest, List<String> warnings) {
    }

    /** Prepares {@code o.input()} into {@code o.output()}; every error is a one-line {@link DataException}. */
    public static Result prepare(PrepareOptions o) throws DataException {
        checkOptions(o);
        SourceScan scan = SourceScan.of(o.input(), o);
        CsvLayout layout = scan.layout();
        Labels labels = Labels.of(scan.labelRows(), fileName(o.input()), layout.describe(layout.labelColumn()));
        ValidationSource validation = o.validationFile() == null ? null
                : ValidationSource.check(o.validationFile(), o, layout, labels);
        Allocation allocation = new Allocation(rowsPerLabel(labels), validation == null ? o.validationFraction() : 0,
                o.shards(), o.seed());
        checkSplit(allocation, o.shards(), fileName(o.input()));
        String out = Untrusted.shown(o.output().toString());
        try {
            OutputDirectory.claim(o.output(), out, o.force());
            DatasetManifest manifest = writeAll(o, scan, labels, allocation, validation);
            return new Result(manifest, warnings(scan, labels, o.shards()));
        } catch (IOException e) {
            throw new DataException(out + ": cannot write: " + DataRoot.reason(e), e);
        }
    }

    private static void checkOptions(PrepareOptions o) throws DataException {
        if (o.shards() < 1 || o.shards() > MAX_SHARDS) {
            throw new DataException("--shards must be between 1 and " + MAX_SHARDS + ", got " + o.shards());
        }
        if (o.validationFile() == null && !(o.validationFraction() > 0 && o.validationFraction() < 1)) {
            throw new DataException("--validation-fraction must be above 0 and below 1, got " + o.validationFraction());
        }
    }

    private static long[] rowsPerLabel(Labels labels) {
        long[] rows = new long[labels.count()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = labels.rows(i);
        }
        return rows;
    }

    private static void checkSplit(Allocation a, int shards, String file) throws DataException {
        long held = 0;
        for (int label = 0; label < a.labels(); label++) {
            held += a.validationRows(label);
        }
        if (held == 0 && a.fraction() > 0) {
            throw new DataException(file + ": --validation-fraction " + a.fraction() + " holds out no row: give a"
                    + " larger one");
        }
        for (int s = 0; s < shards; s++) {
            if (a.shardRows(s) == 0) {
                throw new DataException(file + ": too few training rows for " + shards + " shards (shard " + (s + 1)
                        + " would be empty): use fewer --shards");
            }
        }
    }

    /** Pass 2, then the manifest; on failure the data files written so far are deleted. */
    private static DatasetManifest writeAll(PrepareOptions o, SourceScan scan, Labels labels, Allocation allocation,
            ValidationSource validation) throws DataException, IOException {
        try {
            ShardWriters written = new ShardWriters(o.output(), o.shards());
            try (written) {
                split(o, scan, labels, allocation, written);
                if (validation != null) {
                    validation.copy(labels, written);
                }
            }
            DatasetManifest manifest = manifest(o, scan, labels, written, validation);
            manifest.write(o.output());
            return manifest;
        } catch (DataException | IOException | RuntimeException e) {
            OutputDirectory.deleteDataFiles(o.output());
            throw e;
        }
    }

    /** Streams every row of the input to its shard or to the validation file. */
    private static void split(PrepareOptions o, SourceScan scan, Labels labels, Allocation allocation,
            ShardWriters out) throws DataException, IOException {
        MessageDigest digest = Hashing.digest();
        long rows = 0;
        try (CsvRows in = CsvRows.open(o.input(), o, digest)) {
            while (in.next()) {
                int label = labels.indexOf(in.label());
                if (label < 0 || ++rows > scan.rows()) {
                    throw changed(o.input());
                }
                out.write(allocation.place(label), in.features(), label);
            }
        }
        if (rows != scan.rows() || !HexFormat.of().formatHex(digest.digest()).equals(scan.sha256())) {
            throw changed(o.input());
        }
    }

    private static DataException changed(Path input) {
        return new DataException(fileName(input) + ": changed while being prepared; nothing was written");
    }

    private static DatasetManifest manifest(PrepareOptions o, SourceScan scan, Labels labels, ShardWriters written,
            ValidationSource validation) {
        List<FileRows> shards = new ArrayList<>();
        for (int s = 0; s < o.shards(); s++) {
            shards.add(new FileRows(ShardWriters.shardName(s + 1), written.shardRows(s)));
        }
        boolean realValued = scan.realValued() || validation != null && validation.realValued();
        return new DatasetManifest(scan.layout().columns() - 1, labels.count(), realValued,
                scan.layout().featureNames(), labels.names(), shards,
                new FileRows(ShardFiles.VALIDATION_FILE, written.validationRows()), fileName(o.input()),
                scan.sha256());
    }

    private static List<String> warnings(SourceScan scan, Labels labels, int shards) {
        List<String> out = new ArrayList<>();
        List<String> names = scan.layout().featureNames();
        if (!scan.constant().isEmpty()) {
            List<String> constant = scan.constant().stream().map(names::get).toList();
            out.add(constant.size() + " of " + names.size() + " feature columns have one value in every row"
                    + " (they cannot help the model): " + CsvLayout.listed(constant));
        }
        for (String rare : labels.rarerThan(shards)) {
            long rows = labels.rows(labels.indexOf(rare));
            out.add("label '" + Untrusted.shown(rare) + "' has " + rows + (rows == 1 ? " row" : " rows") + ", fewer than the " + shards + " shards: some shards have none of it");
        }
        return out;
    }

    static String fileName(Path p) {
        return Untrusted.shown(String.valueOf(p.getFileName()));
    }
}
