package mlptrainer.letters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Names and writing of the data set's files: {@code train_letters1.txt .. train_lettersN.txt} and
 * {@code validate_letters.txt}, ASCII, one row per line, each line ending in "\n" (never "\r\n", so the
 * bytes do not depend on the platform).
 */
public final class LetterFiles {
    /** The validation file's name. */
    public static final String VALIDATION = "validate_letters.txt";

    private LetterFiles() {
    }

    /** @return the name of training shard {@code n} (from 1) */
    public static String training(int n) {
        return "train_letters" + n + ".txt";
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
