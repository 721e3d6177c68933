package mlptrainer.letters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code letters split}: reads the rows to split, divides the training rows among shards
 * ({@link ShardSplit}) and writes {@code train_letters1..N.txt} and {@code validate_letters.txt} in our format.
 *
 * <p>The input is either the original UCI file, whose last {@code validationRows} rows validate (under
 * {@link ShardSplit.Mode#SHUFFLED} with a seed, after the whole file is shuffled, as the split always did), or
 * a directory of our files, whose training shards' rows (in shard order) are split again and whose
 * {@code validate_letters.txt} is copied byte for byte. Every file is written to a temporary name and moved
 * into place; shards numbered above N in the output directory are deleted.
 */
public final class DataSplit {
    private static final Logger LOG = LoggerFactory.getLogger(DataSplit.class);

    private DataSplit() {
    }

    /**
     * @param input          a UCI file or a directory of our files
     * @param outputDir      where the files go (created if missing); may be {@code input} itself
     * @param validationRows for a UCI file, the rows (its last) that validate, at least 1; for a directory null
     * @param options        how the training rows are divided
     * @return the number of rows of each shard, in shard order
     * @throws LettersInputException for a bad row, too few rows, or {@code validationRows} with a directory
     */
    public static int[] split(Path input, Path outputDir, Integer validationRows, ShardSplit.Options options)
            throws IOException {
        boolean directory = Files.isDirectory(input);
        if (directory && validationRows != null) {
            throw new LettersInputException("--validation-rows is for a UCI file: " + input
                    + " is a directory, whose " + LetterFiles.VALIDATION + " is copied as it is");
        }
        if (directory && !Files.isRegularFile(input.resolve(LetterFiles.VALIDATION))) {
            throw new LettersInputException(input + " has no " + LetterFiles.VALIDATION + " to copy");
        }
        List<int[]> training = directory ? trainingRowsOf(input) : UciConverter.read(input, true);
        List<int[]> validation = directory ? List.of() : splitOffValidation(input, training, validationRows, options);
        ShardSplit.Options o = !directory && options.mode() == ShardSplit.Mode.SHUFFLED
                ? ShardSplit.Options.shuffled(options.shards(), null) : options; // already shuffled whole
        List<List<int[]>> shards = ShardSplit.split(training, o);
        Files.createDirectories(outputDir);
        for (int s = 0; s < shards.size(); s++) {
            UciConverter.write(shards.get(s), outputDir.resolve(LetterFiles.training(s + 1)));
        }
        if (directory) {
            copyValidation(input, outputDir);
        } else {
            UciConverter.write(validation, outputDir.resolve(LetterFiles.VALIDATION));
        }
        LetterFiles.removeShardsAbove(outputDir, shards.size());
        int[] sizes = shards.stream().mapToInt(List::size).toArray();
        LOG.info("split {} ({} training rows, mode {}) into {} shards of {} rows in {}", input, training.size(),
                ShardSplit.name(options.mode()), sizes.length, Arrays.toString(sizes), outputDir);
        return sizes;
    }

    /** @return the rows of the directory's training shards, in shard order */
    private static List<int[]> trainingRowsOf(Path dir) throws IOException {
        List<Path> files = UciConverter.expand(List.of(dir));
        List<int[]> rows = new ArrayList<>();
        for (Path f : files.subList(0, files.size() - 1)) { // the last is the validation file
            rows.addAll(UciConverter.read(f, false));
        }
        if (files.size() == 1) {
            throw new LettersInputException(dir + " has no train_letters*.txt to split");
        }
        return rows;
    }

    /**
     * Removes the validation rows (the last ones, after the whole file's shuffle under SHUFFLED with a seed)
     * from {@code rows}, which keeps the training rows.
     */
    private static List<int[]> splitOffValidation(Path input, List<int[]> rows, Integer validationRows,
            ShardSplit.Options o) {
        int v = validationRows == null ? 0 : validationRows;
        if (v < 1 || rows.size() - v < o.shards()) {
            throw new LettersInputException(input + ": " + rows.size() + " rows are too few for " + v
                    + " validation rows and " + o.shards() + " training shards of at least one row");
        }
        if (o.mode() == ShardSplit.Mode.SHUFFLED && o.seed() != null) {
            ShardSplit.shuffle(rows, new java.util.Random(o.seed()));
        }
        List<int[]> validation = new ArrayList<>(rows.subList(rows.size() - v, rows.size()));
        rows.subList(rows.size() - v, rows.size()).clear();
        return validation;
    }

    private static void copyValidation(Path inputDir, Path outputDir) throws IOException {
        Path from = inputDir.resolve(LetterFiles.VALIDATION);
        Path to = outputDir.resolve(LetterFiles.VALIDATION);
        if (Files.exists(to) && Files.isSameFile(from, to)) {
            return;
        }
        Path temp = to.resolveSibling(LetterFiles.VALIDATION + ".part");
        Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
