package mlptrainer.letters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.cli.LettersCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed data set in letters/ is exactly what the generator makes with the defaults that
 * letters/README.md gives (11 x 1500 training rows, 3500 validation rows, seed 1991). When this fails after
 * a deliberate change to the generator, regenerate with {@code scripts/letters generate -o letters} and
 * commit the data with the change.
 */
class RegenerationTest {
    @TempDir
    Path tmp;

    @Test
    void defaultDataSetRegeneratesByteForByte() throws IOException {
        Path committed = TestFiles.repoRoot().resolve("letters");
        new DatasetGenerator(new DatasetGenerator.Options(tmp, 11, 1500, 3500, LettersCommand.DEFAULT_SEED,
                Runtime.getRuntime().availableProcessors())).generate();
        List<String> expected = TestFiles.names(tmp);
        assertEquals(12, expected.size());
        List<String> data = new ArrayList<>(TestFiles.names(committed));
        data.remove("README.md");
        assertEquals(expected, data, "letters/ holds exactly the generated files and README.md");
        for (String f : expected) {
            assertArrayEquals(TestFiles.bytes(committed.resolve(f)), TestFiles.bytes(tmp.resolve(f)),
                    "letters/" + f + " differs from a fresh generation");
        }
    }
}
