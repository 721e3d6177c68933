package mlptrainer.letters;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts between UCI's {@code letter-recognition.data} and our files (see {@link RowFormat}).
 *
 * <p>{@link #split} reads a UCI file and writes training shards plus a validation file. Without a shuffle
 * seed the rows keep the file's order (the UCI file is already in random order, and the course's split of it,
 * 11 x 1500 training rows then 3500 validation rows, is exactly that); with one they are shuffled first.
 * {@link #toUci} does the reverse. Blank lines are skipped; any other malformed line stops the conversion with a
 * {@link LettersInputException} naming the file and line.
 */
public final class UciConverter {
    private static final Logger LOG = LoggerFactory.getLogger(UciConverter.class);

    private UciConverter() {
    }

    /**
     * @param uciFile        the original's data file
     * @param outputDir      where {@code train_letters1..N.txt} and {@code validate_letters.txt} go (created
     *                       if missing; shards numbered above N there are deleted)
     * @param shards         number of training files, at least 1; the training rows are divided as evenly as
     *                       possible, earlier shards taking one row more when they do not divide exactly
     * @param validationRows rows for the validation file (the last ones, after any shuffle), at least 1
     * @param shuffleSeed    shuffle the rows with {@code java.util.Random(seed)} first, or null to keep the order
     */
    public static void split(Path uciFile, Path outputDir, int shards, int validationRows, Long shuffleSeed)
            throws IOException {
        DataSplit.split(uciFile, outputDir, validationRows, ShardSplit.Options.shuffled(shards, shuffleSeed));
    }

    /**
     * Writes the rows of {@code inputs}, in order, to {@code output} in UCI's format. A directory among the
     * inputs stands for its {@code train_letters*.txt} files in shard order, then its {@code validate_letters.txt}.
     *
     * @return the number of rows written
     */
    public static long toUci(List<Path> inputs, Path output) throws IOException {
        long rows = 0;
        try (LetterFiles.Output out = new LetterFiles.Output(output)) {
            for (Path file : expand(inputs)) {
                for (int[] row : read(file, false)) {
                    out.line(RowFormat.uci(row));
                    rows++;
                }
            }
            out.commit();
        }
        LOG.info("wrote {} rows to {}", rows, output);
        return rows;
    }

    /** @return the rows of {@code file}, each 16 attributes then the label; UCI's format or ours */
    static List<int[]> read(Path file, boolean uci) throws IOException {
        List<int[]> rows = new ArrayList<>();
        String name = file.toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            long line = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (!text.isBlank()) {
                    rows.add(uci ? RowFormat.parseUci(text, name, line) : RowFormat.parseOurs(text, name, line));
                }
            }
        }
        return rows;
    }

    /** Directories become their shards (by number) then their validation file; files stay as they are. */
    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (!Files.isDirectory(p)) {
                files.add(p);
                continue;
            }
            List<Path> shards = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(p, "train_letters*.txt")) {
                dir.forEach(f -> {
                    if (LetterFiles.shardNumber(f) >= 0) {
                        shards.add(f);
                    }
                });
            }
            shards.sort(Comparator.comparingLong(LetterFiles::shardNumber));
            files.addAll(shards);
            files.add(p.resolve(LetterFiles.VALIDATION));
        }
        return files;
    }

    /** Writes the rows in our format to {@code file}, replacing it once complete. */
    static void write(List<int[]> rows, Path file) throws IOException {
        try (LetterFiles.Output out = new LetterFiles.Output(file)) {
            for (int[] row : rows) {
                out.line(RowFormat.ours(Arrays.copyOf(row, Features.COUNT), row[Features.COUNT]));
            }
            out.commit();
        }
    }
}
