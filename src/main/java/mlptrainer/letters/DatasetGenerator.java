package mlptrainer.letters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.LongStream;
import mlptrainer.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a generated letter data set: {@code shards} training files of {@code rowsPerShard} rows and one
 * validation file of {@code validationRows} rows (file number 0 for the seeds; shards are 1..N).
 *
 * <p>The output depends only on the options other than {@code threads}: each row is computed from
 * (seed, file, row) alone. Rows are made in blocks of {@link #BLOCK} on {@code threads} threads and written
 * in order, so memory stays bounded by one block whatever the number of rows.
 */
public final class DatasetGenerator {
    /** Rows made in parallel before they are written. */
    static final int BLOCK = 2048;
    private static final Logger LOG = LoggerFactory.getLogger(DatasetGenerator.class);

    /**
     * @param outputDir      where the files go (created if missing)
     * @param shards         number of training files, at least 1
     * @param rowsPerShard   rows in each training file, at least 1
     * @param validationRows rows in the validation file, at least 1
     * @param seed           the data set's seed
     * @param threads        threads to use, at least 1; does not change the output
     */
    public record Options(Path outputDir, int shards, long rowsPerShard, long validationRows, long seed, int threads) {
        public Options {
            if (shards < 1 || rowsPerShard < 1 || validationRows < 1 || threads < 1) {
                throw new IllegalArgumentException("shards, rows per shard, validation rows and threads must be >= 1");
            }
        }
    }

    private final Options options;
    private final LetterSampler sampler;

    public DatasetGenerator(Options options) {
        this.options = options;
        this.sampler = new LetterSampler(options.seed());
    }

    /**
     * Writes every file; an existing file of the same name is replaced, and training shards numbered above
     * {@code shards} are deleted (see {@link LetterFiles#removeShardsAbove}).
     */
    public void generate() throws IOException {
        Files.createDirectories(options.outputDir());
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            for (int s = 1; s <= options.shards(); s++) {
                writeFile(pool, LetterFiles.training(s), s, options.rowsPerShard());
            }
            writeFile(pool, LetterFiles.VALIDATION, 0, options.validationRows());
            LetterFiles.removeShardsAbove(options.outputDir(), options.shards());
        } finally {
            pool.shutdown();
        }
    }

    private void writeFile(ForkJoinPool pool, String name, int file, long rows) throws IOException {
        long start = System.nanoTime();
        try (LetterFiles.Output out = new LetterFiles.Output(options.outputDir().resolve(name))) {
            for (long from = 0; from < rows; from += BLOCK) {
                for (String line : block(pool, file, from, Math.min(rows, from + BLOCK))) {
                    out.line(line);
                }
            }
            out.commit();
        }
        LOG.info("wrote {} ({} rows) in {} ms", options.outputDir().resolve(name), rows,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** @return rows {@code from} (inclusive) to {@code to} (exclusive) of {@code file}, formatted, in order */
    private String[] block(ForkJoinPool pool, int file, long from, long to) {
        try {
            return Futures.await(pool.submit(() -> LongStream.range(from, to).parallel()
                    .mapToObj(row -> format(sampler.row(file, row)))
                    .toArray(String[]::new)), "generating rows");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        }
    }

    private static String format(LetterSampler.Row row) {
        return RowFormat.ours(row.features(), row.label());
    }
}
