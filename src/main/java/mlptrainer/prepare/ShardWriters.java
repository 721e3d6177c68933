package mlptrainer.prepare;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.data.ShardFiles;

/**
 * The files of a prepared directory, open for writing: {@code train_letters1..N.txt} and
 * {@code validate_letters.txt}, each row the features comma-separated then the label's index, "\n"
 * ended. Buffers {@link #BUFFER_CHARS} per file, so N files cost O(N) memory whatever the rows.
 * Not thread-safe.
 */
final class ShardWriters implements Closeable {
    /** Buffer per file: small, as a directory may have a thousand shards and the heap be 64 MB. */
    private static final int BUFFER_CHARS = 8192;
    private final List<Writer> shards = new ArrayList<>();
    private final Writer validation;
    private final long[] shardRows;
    private final StringBuilder row = new StringBuilder(256);
    private long validationRows;

    ShardWriters(Path dir, int shardCount) throws IOException {
        try {
            for (int s = 1; s <= shardCount; s++) {
                shards.add(open(dir.resolve(shardName(s))));
            }
            validation = open(dir.resolve(ShardFiles.VALIDATION_FILE));
        } catch (IOException e) {
            close();
            throw e;
        }
        shardRows = new long[shardCount];
    }

    /** @return the file name of shard s (1-based), as the original names it */
    static String shardName(int s) {
        return "train_letters" + s + ".txt";
    }

    /** Appends a row to shard {@code shard} (0-based), or to the validation file for {@link Allocation#VALIDATION}. */
    void write(int shard, String[] features, int label) throws IOException {
        row.setLength(0);
        for (String f : features) {
            row.append(f).append(',');
        }
        row.append(label).append('\n');
        if (shard == Allocation.VALIDATION) {
            validation.append(row);
            validationRows++;
        } else {
            shards.get(shard).append(row);
            shardRows[shard]++;
        }
    }

    long shardRows(int shard) {
        return shardRows[shard];
    }

    long validationRows() {
        return validationRows;
    }

    private static Writer open(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                BUFFER_CHARS);
    }

    /** Flushes and closes every file; the first failure is thrown after all are closed. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        List<Writer> all = new ArrayList<>(shards);
        if (validation != null) {
            all.add(validation);
        }
        for (Writer w : all) {
            try {
                w.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
