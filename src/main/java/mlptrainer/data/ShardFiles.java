package mlptrainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mlptrainer.Untrusted;

/**
 * The files of a data directory, as the original names them: training shards
 * {@code train_letters<N>.txt}, ordered by N (so 2 comes before 10), and {@code validate_letters.txt}.
 */
public final class ShardFiles {
    /** The validation file's name. */
    public static final String VALIDATION_FILE = "validate_letters.txt";
    private static final Pattern SHARD = Pattern.compile("train_letters(\\d+)\\.txt");

    private ShardFiles() {
    }

    /**
     * @param dir  the data directory
     * @param requested how messages name it (shortened by {@link Untrusted#shown})
     * @return the training shard file names (not paths), ordered by their number
     */
    public static List<String> trainingFiles(Path dir, String requested) throws DataException {
        String name = Untrusted.shown(requested);
        if (!Files.isDirectory(dir)) {
            throw new DataException(name + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString()).filter(f -> SHARD.matcher(f).matches()).forEach(files::add);
        } catch (IOException e) {
            throw new DataException(name + ": cannot list: " + DataRoot.reason(e), e);
        }
        if (files.isEmpty()) {
            throw new DataException(name + ": no training files (train_letters<N>.txt)");
        }
        files.sort(Comparator.comparingLong(ShardFiles::shardNumber).thenComparing(Comparator.naturalOrder()));
        return files;
    }

    /** @return N of train_letters&lt;N&gt;.txt, or 0 for any other name */
    public static long shardNumber(String fileName) {
        Matcher m = SHARD.matcher(fileName);
        if (!m.matches()) {
            return 0;
        }
        String digits = m.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
