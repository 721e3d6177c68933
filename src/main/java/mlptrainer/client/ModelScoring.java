package mlptrainer.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import mlptrainer.Untrusted;
import mlptrainer.data.CsvDatasetReader;
import mlptrainer.data.DataException;
import mlptrainer.data.Dataset;
import mlptrainer.data.DatasetManifest;
import mlptrainer.model.Evaluator;
import mlptrainer.model.MlpWeights;

/**
 * Applies a saved model to data files: checks that the data fits the model (d features, labels
 * below k, and, when the file's directory has a {@code dataset.json}, the data set the model was
 * trained on), applies the model's input standardisation, and evaluates or predicts with
 * {@link Evaluator}. Errors are {@link DataException}s whose one-line message names the file and
 * says what to do. Stateless and thread-safe.
 */
public final class ModelScoring {
    private ModelScoring() {
    }

    /** The result of {@link #evaluate}: the error rate, and per class the rows and the rows predicted right. */
    public record Evaluation(double errorRate, int rows, int[] perClassRows, int[] perClassCorrect) {
        /** @return the accuracy on class c's rows, or NaN when there are none */
        public double accuracy(int c) {
            return perClassRows[c] == 0 ? Double.NaN : (double) perClassCorrect[c] / perClassRows[c];
        }
    }

    /** Reads a labelled file (d features then a label per row) and evaluates the model on it. */
    public static Evaluation evaluate(SavedModel model, Path file, String name) throws DataException {
        MlpWeights w = model.weights();
        checkDataset(model, file, name);
        Dataset data = CsvDatasetReader.read(file, name, 0);
        checkFeatures(w, data.features(), name, "labelled rows of " + w.inputs() + " features and a label");
        if (data.maxLabel() >= w.classes()) {
            throw new DataException(name + " has label " + data.maxLabel() + " but the model knows " + w.classes()
                    + " classes (0.." + (w.classes() - 1) + "); use a model trained with k > " + data.maxLabel());
        }
        Dataset input = standardise(model, data);
        double error = Evaluator.errorRate(input, w);
        int[] predicted = Evaluator.predict(input, w);
        int[] rows = new int[w.classes()];
        int[] correct = new int[w.classes()];
        for (int i = 0; i < data.rows(); i++) {
            rows[data.label(i)]++;
            correct[data.label(i)] += predicted[i] == data.label(i) ? 1 : 0;
        }
        return new Evaluation(error, data.rows(), rows, correct);
    }

    /**
     * Predicts one class per row of a file of d comma-separated numbers per row; rows of d+1 columns
     * (a labelled file) are accepted too, their last column ignored.
     */
    public static int[] predict(SavedModel model, Path file, String name) throws DataException {
        checkDataset(model, file, name);
        Dataset data = readUnlabelled(file, name, model.weights().inputs());
        return Evaluator.predict(standardise(model, data), model.weights());
    }

    /**
     * Refuses a file whose directory describes, in its {@code dataset.json}, other data than the
     * model was trained on: another fingerprint, or other label names (a file beside no manifest is
     * checked by its shape alone).
     */
    static void checkDataset(SavedModel model, Path file, String name) throws DataException {
        Path dir = file.toAbsolutePath().getParent();
        DatasetManifest manifest;
        try {
            manifest = dir == null ? null : DatasetManifest.read(dir).orElse(null);
        } catch (DataException e) {
            throw new DataException(name + ": its directory's " + e.getMessage());
        }
        if (manifest == null) {
            return;
        }
        String trainedOn = model.datasetFingerprint() == null ? "data without a " + DatasetManifest.FILE_NAME
                : "data set " + shortHash(model.datasetFingerprint());
        if (!manifest.labelNames().equals(model.labelNames())) {
            throw new DataException(name + ": its " + DatasetManifest.FILE_NAME + " names the labels "
                    + shown(manifest.labelNames()) + ", the model " + (model.labelNames().isEmpty() ? "none ("
                    + trainedOn + ")" : shown(model.labelNames())) + "; use a model trained on this data set");
        }
        if (!manifest.fingerprint().equals(model.datasetFingerprint())) {
            throw new DataException(name + ": its " + DatasetManifest.FILE_NAME + " is data set "
                    + shortHash(manifest.fingerprint()) + ", the model was trained on " + trainedOn
                    + "; use a model trained on this data set");
        }
    }

    private static String shortHash(String sha256) {
        return sha256.substring(0, 12);
    }

    /** @return the names as a list, cut short after a few */
    private static String shown(List<String> names) {
        List<String> head = names.size() <= 5 ? names : names.subList(0, 5);
        return Untrusted.shown(head.toString().replace("]", names.size() <= 5 ? "]" : ", ... (" + names.size() + ")]"));
    }

    private static void checkFeatures(MlpWeights w, int features, String name, String expected) throws DataException {
        if (features != w.inputs()) {
            throw new DataException(name + " has " + features + " features per row but the model was trained on "
                    + w.inputs() + " (" + w.shape() + "); use a model trained on this kind of data, or a file of "
                    + expected);
        }
    }

    static Dataset readUnlabelled(Path file, String name, int d) throws DataException {
        List<String> lines = lines(file, name);
        double[] x = new double[lines.size() * d];
        int rows = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != d && f.length != d + 1) {
                throw new DataException(name + " line " + (n + 1) + ": " + f.length + " columns, but the model takes "
                        + d + " features per row (or " + d + " and a label); use a model trained on this kind of data");
            }
            for (int j = 0; j < d; j++) {
                x[rows * d + j] = CsvDatasetReader.number(f[j], name + " line " + (n + 1) + " column " + (j + 1));
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataException(name + ": no data rows");
        }
        return new Dataset(name, d, Arrays.copyOf(x, rows * d), new int[rows]);
    }

    private static List<String> lines(Path file, String name) throws DataException {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Applies x' = (x - mean) / scale per feature when the model was trained that way. */
    static Dataset standardise(SavedModel model, Dataset data) {
        if (!model.standardised()) {
            return data;
        }
        int d = data.features();
        double[] x = data.featuresUnsafe();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - model.featureMean()[i % d]) / model.featureScale()[i % d];
        }
        return new Dataset(data.source(), d, out, data.labelsUnsafe().clone());
    }
}
