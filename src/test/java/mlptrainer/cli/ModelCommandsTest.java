package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mlptrainer.client.ModelFile;
import mlptrainer.client.SavedModel;
import mlptrainer.testing.TestData;
import mlptrainer.model.MlpWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate and predict on generated models and files, without servers. */
class ModelCommandsTest {
    @TempDir
    Path tmp;

    private Path model(int d, int k) throws Exception {
        Path file = tmp.resolve("d" + d + "k" + k + ".model");
        ModelFile.write(new SavedModel(MlpWeights.initUniform(d, 5, k, 7L), Map.of(), null, null), List.of(), file);
        return file;
    }

    private Path data(String name, int rows, boolean labelled) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, TestData.letterRows(new Random(1), rows, labelled));
        return file;
    }

    @Test
    void predictPrintsOneLetterPerUnlabelledRow() throws Exception {
        CliRun run = CliRun.of(new PredictCommand(), model(16, 26).toString(), data("u.txt", 17, false).toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(17, run.outLines().length);
        for (String line : run.outLines()) {
            assertTrue(line.matches("[A-Z]"), line);
        }
    }

    @Test
    void predictIgnoresALabelColumnAndPrintsClassNumbersWhenKIsNot26() throws Exception {
        CliRun run = CliRun.of(new PredictCommand(), model(16, 30).toString(), data("l.txt", 9, true).toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(9, run.outLines().length);
        for (String line : run.outLines()) {
            assertTrue(line.matches("\\d+"), line);
        }
    }

    @Test
    void aModelOfOtherDimensionsIsRefusedInOneLine() throws Exception {
        Path labelled = data("l.txt", 9, true);
        for (CliRun run : List.of(CliRun.of(new EvaluateCommand(), model(15, 26).toString(), labelled.toString()),
                CliRun.of(new PredictCommand(), model(12, 26).toString(), labelled.toString()))) {
            assertEquals(ExitCodes.USAGE, run.exitCode());
            assertEquals("", run.out());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains("the model"), run.err());
        }
    }

    @Test
    void labelsBeyondTheModelsClassesAreRefused() throws Exception {
        CliRun run = CliRun.of(new EvaluateCommand(), model(16, 3).toString(), data("l.txt", 40, true).toString());
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("classes"), run.err());
    }

    @Test
    void aFileThatIsNotAModelIsRefusedInOneLine() throws Exception {
        Path labelled = data("l.txt", 9, true);
        CliRun run = CliRun.of(new EvaluateCommand(), labelled.toString(), labelled.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("not an mlp-trainer model"), run.err());
    }

    /** Decimals and negatives are read; NaN, infinities and empty values are refused naming line and column. */
    @Test
    void predictReadsRealValuesAndRefusesNonFiniteOnes() throws Exception {
        Path model = model(3, 4);
        Path real = Files.writeString(tmp.resolve("real.txt"), "-1.5,2e-3,0.25\n3,-4,5.5,1\n");
        CliRun ok = CliRun.of(new PredictCommand(), model.toString(), real.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertEquals(2, ok.outLines().length);
        for (String bad : new String[] {"NaN", "Infinity", "", "1d"}) {
            Path file = Files.writeString(tmp.resolve("bad.txt"), "1,2,3\n1," + bad + ",3\n");
            CliRun run = CliRun.of(new PredictCommand(), model.toString(), file.toString());
            assertEquals(ExitCodes.USAGE, run.exitCode(), bad);
            assertTrue(run.err().contains("bad.txt line 2 column 2: "), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }
}
