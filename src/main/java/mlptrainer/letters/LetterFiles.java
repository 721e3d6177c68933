package mlptrainer.letters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names, writing and tidying of the data set's files: {@code train_letters1.txt .. train_lettersN.txt} and
 * {@code validate_letters.txt}, ASCII, one row per line, each line ending in "\n" (never "\r\n", so the
 * bytes do not depend on the platform).
 */
public final class LetterFiles {
    /** The validation file's name. */
    public static final String VALIDATION = "validate_letters.txt";
    private static final Pattern SHARD = Pattern.compile("train_letters(\\d{1,9})\\.txt");
    private static final Logger LOG = LoggerFactory.getLogger(LetterFiles.class);

    private LetterFiles() {
    }

    /** @return the name of training shard {@code n} (from 1) */
    public static String training(int n) {
        return "train_letters" + n + ".txt";
    }

    /**
     * Deletes the training shards numbered above {@code shards} in {@code dir}, left by an earlier run with more
     * shards: a trainer reads every {@code train_letters*.txt} of a directory, so they would silently join the
     * new data set.
     *
     * @return the names of the deleted files, in no particular order
     */
    public static List<String> removeShardsAbove(Path dir, int shards) throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "train_letters*.txt")) {
            for (Path f : files) {
                Matcher m = SHARD.matcher(f.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) > shards) {
                    Files.delete(f);
                    removed.add(f.getFileName().toString());
                }
            }
        }
        for (String name : removed) {
            LOG.warn("deleted {} in {}: left from an earlier run with more shards", name, dir);
        }
        return removed;
    }

    /** @return the shard number of a training file's name, or -1 when the name is not one */
    static long shardNumber(Path file) {
        Matcher m = SHARD.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A file being written: rows go to a temporary file that {@link #commit} renames into place. */
    public static final class Output implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private final Writer out;
        private boolean committed;

        public Output(Path target) throws IOException {
            this.target = target;
            this.temp = target.resolveSibling(target.getFileName() + ".part");
            this.out = new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.US_ASCII), 1 << 16);
        }

        /** Writes one line and its "\n". */
        public void line(String row) throws IOException {
            out.write(row);
            out.write('\n');
        }

        /** Closes and moves the finished file to its name, replacing any older one. */
        public void commit() throws IOException {
            out.close();
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        }

        /** Without {@link #commit}, deletes the partial file, so no half-written file is left behind. */
        @Override
        public void close() throws IOException {
            if (!committed) {
                out.close();
                Files.deleteIfExists(temp);
            }
        }
    }
}
