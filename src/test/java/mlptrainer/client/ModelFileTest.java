package mlptrainer.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mlptrainer.model.MlpWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripIsExact() throws Exception {
        MlpWeights w = MlpWeights.initUniform(16, 7, 26, 3L);
        w.w()[5] = 1.0 / 3.0;
        w.v()[0] = -1e-300;
        SavedModel m = new SavedModel(w, Map.of("optimizer", "adam", "l2", "0.001"), null, null);
        Path file = tmp.resolve("m.txt");
        ModelFile.write(m, List.of("a comment"), file);
        assertTrue(Files.readAllLines(file).get(0).equals(ModelFile.HEADER_V1), "no data set: version 1, as before");
        SavedModel back = ModelFile.read(file, "m.txt");
        assertEquals(w, back.weights());
        assertEquals(m.settings(), back.settings());
        assertNull(back.featureMean());
        assertNull(back.datasetFingerprint());
        assertEquals(List.of(), back.labelNames());
    }

    /** Label names are any text, kept exactly: spaces, a leading '#', quotes, a line break, non-ASCII. */
    @Test
    void version2KeepsTheDataSetsFingerprintAndLabelNames() throws Exception {
        List<String> names = List.of("# not a comment", " spaced ", "say \"hi\"", "two\nlines", "café");
        String fingerprint = "0123456789abcdef".repeat(4);
        SavedModel m = new SavedModel(MlpWeights.initUniform(3, 4, 5, 2L), Map.of("optimizer", "sgd"), null, null,
                fingerprint, names);
        Path file = tmp.resolve("v2.txt");
        ModelFile.write(m, List.of("a comment"), file);
        assertEquals(ModelFile.HEADER, Files.readAllLines(file).get(0));
        SavedModel back = ModelFile.read(file, "v2.txt");
        assertEquals(names, back.labelNames());
        assertEquals(fingerprint, back.datasetFingerprint());
        assertEquals(m.weights(), back.weights());
        assertEquals("café", back.className(4));
    }

    /** A version 1 file as the previous version wrote it is read, with no data set. */
    @Test
    void readsVersion1Files() throws Exception {
        Path file = Files.writeString(tmp.resolve("v1.txt"), String.join("\n", "mlp-trainer-model 1",
                "# trained by mlp-trainer job 1", "dims 1 1 2", "settings 0", "standardization none", "W 2 1", "0.5",
                "-0.25", "V 2 2", "1.0 2.0", "3.0 4.0", ""));
        SavedModel back = ModelFile.read(file, "v1.txt");
        assertEquals(2, back.weights().classes());
        assertEquals(List.of(), back.labelNames());
        assertEquals("1", back.className(1));
    }

    @Test
    void refusesLabelNamesThatDoNotMatchK() throws Exception {
        SavedModel m = new SavedModel(MlpWeights.initUniform(3, 4, 2, 2L), Map.of(), null, null, null,
                List.of("a", "b"));
        Path file = tmp.resolve("k.txt");
        ModelFile.write(m, List.of(), file);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.set(lines.indexOf("labels 2"), "labels 3");
        Files.write(file, lines);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(file, "k.txt"));
        assertTrue(e.getMessage().contains("3 label names for k=2 classes"), e.getMessage());
    }

    @Test
    void keepsStandardisation() throws Exception {
        double[] mean = new double[4];
        double[] scale = new double[4];
        for (int i = 0; i < 4; i++) {
            mean[i] = i * 0.1;
            scale[i] = 1 + i / 7.0;
        }
        SavedModel m = new SavedModel(MlpWeights.initUniform(4, 3, 5, 1L), Map.of(), mean, scale);
        Path file = tmp.resolve("s.txt");
        ModelFile.write(m, List.of(), file);
        SavedModel back = ModelFile.read(file, "s.txt");
        assertArrayEquals(mean, back.featureMean());
        assertArrayEquals(scale, back.featureScale());
    }

    @Test
    void refusesOtherFilesWithALineNumber() throws Exception {
        Path other = tmp.resolve("other.txt");
        Files.writeString(other, "1,2,3\n");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(other, "other.txt"));
        assertTrue(e.getMessage().startsWith("other.txt line 1: not an mlp-trainer model"), e.getMessage());

        Path future = tmp.resolve("future.txt");
        Files.writeString(future, "mlp-trainer-model 3\n");
        e = assertThrows(ModelFileException.class, () -> ModelFile.read(future, "future.txt"));
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
    }

    @Test
    void refusesATruncatedFile() throws Exception {
        Path file = tmp.resolve("m.txt");
        ModelFile.write(new SavedModel(MlpWeights.initUniform(16, 4, 26, 1L), Map.of(), null, null), List.of(), file);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, lines.size() - 3));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(file, "m.txt"));
        assertTrue(e.getMessage().contains("ends too early"), e.getMessage());
    }

    @Test
    void refusesMissingFile() {
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.read(tmp.resolve("none"), "none"));
        assertEquals("none: no such file", e.getMessage());
    }
}
