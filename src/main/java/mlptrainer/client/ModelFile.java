package mlptrainer.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mlptrainer.model.MlpWeights;

/**
 * Reads and writes the model file, format "mlp-trainer-model" versions 1 and 2
 * (docs/model-format.md): a UTF-8 text file of whitespace-separated fields, one record a line,
 * doubles in Java's shortest exact form so that a model read back predicts exactly as the one
 * written. Lines starting with '#' are comments. Version 2 adds the data set's fingerprint and
 * label names; a model without them is written as version 1, byte for byte as before, so that
 * older readers keep reading it. Readers refuse other versions rather than guess. Stateless and
 * thread-safe.
 */
public final class ModelFile {
    /** The first line of a model file with a data set's fingerprint and label names. */
    public static final String HEADER = "mlp-trainer-model 2";
    /** The first line of a model file without them (trained on a directory without dataset.json). */
    public static final String HEADER_V1 = "mlp-trainer-model 1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A bound on a matrix's values, so that a damaged file cannot exhaust memory. */
    private static final long MAX_VALUES = 50_000_000L;

    private ModelFile() {
    }

    /** Writes the model; {@code comments} become '#' lines after the header (provenance). */
    public static void write(SavedModel m, List<String> comments, Path file) throws IOException {
        try (BufferedWriter bw = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                PrintWriter out = new PrintWriter(bw)) {
            MlpWeights w = m.weights();
            boolean dataset = m.datasetFingerprint() != null || !m.labelNames().isEmpty();
            out.println(dataset ? HEADER : HEADER_V1);
            comments.forEach(c -> out.println("# " + c.replace('\n', ' ')));
            out.println("dims " + w.inputs() + " " + w.hidden() + " " + w.classes());
            writeSettings(m.settings(), out);
            writeStandardisation(m, out);
            if (dataset) {
                writeDataset(m, out);
            }
            writeMatrix("W", w.w(), w.inputs() + 1, w.hidden(), out);
            writeMatrix("V", w.v(), w.hidden() + 1, w.classes(), out);
            if (out.checkError()) {
                throw new IOException(file + ": write failed");
            }
        }
    }

    private static void writeSettings(Map<String, String> settings, PrintWriter out) {
        out.println("settings " + settings.size());
        new TreeMap<>(settings).forEach((name, value) -> {
            if (name.contains("=") || (name + value).contains("\n")) {
                throw new IllegalArgumentException("setting '" + name + "' cannot be saved: '=' in name or a line break");
            }
            out.println(name + "=" + value);
        });
    }

    private static void writeStandardisation(SavedModel m, PrintWriter out) {
        if (!m.standardised()) {
            out.println("standardization none");
            return;
        }
        out.println("standardization " + m.featureMean().length);
        out.println("mean " + join(m.featureMean(), 0, m.featureMean().length));
        out.println("scale " + join(m.featureScale(), 0, m.featureScale().length));
    }

    /** The fingerprint, then each label name as a JSON string: any text, and never taken for a comment. */
    private static void writeDataset(SavedModel m, PrintWriter out) throws IOException {
        out.println("dataset " + (m.datasetFingerprint() == null ? "none" : m.datasetFingerprint()));
        out.println("labels " + m.labelNames().size());
        for (String name : m.labelNames()) {
            out.println(JSON.writeValueAsString(name));
        }
    }

    private static void writeMatrix(String name, double[] values, int rows, int columns, PrintWriter out) {
        out.println(name + " " + rows + " " + columns);
        for (int r = 0; r < rows; r++) {
            out.println(join(values, r * columns, columns));
        }
    }

    private static String join(double[] values, int from, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : " ").append(values[from + i]);
        }
        return sb.toString();
    }

    /** @throws ModelFileException naming the file (and line) when it is missing or not a valid model */
    public static SavedModel read(Path file, String name) throws ModelFileException {
        try (BufferedReader br = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Parser(br, name).parse();
        } catch (NoSuchFileException e) {
            throw new ModelFileException(name + ": no such file");
        } catch (IOException e) {
            throw new ModelFileException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads records line by line, skipping comments and blank lines. */
    private static final class Parser {
        private final BufferedReader in;
        private final String name;
        private int lineNo;

        Parser(BufferedReader in, String name) {
            this.in = in;
            this.name = name;
        }

        SavedModel parse() throws IOException, ModelFileException {
            String header = in.readLine();
            lineNo = 1;
            if (header == null || !header.startsWith("mlp-trainer-model ")) {
                throw error("not an mlp-trainer model file (the first line must be '" + HEADER + "')");
            }
            boolean v2 = header.trim().equals(HEADER);
            if (!v2 && !header.trim().equals(HEADER_V1)) {
                throw error("model format '" + header.trim() + "' is not supported; this program reads '" + HEADER_V1
                        + "' and '" + HEADER + "'");
            }
            int[] dims = ints(fields("dims", 3));
            Map<String, String> settings = settings(ints(fields("settings", 1))[0]);
            double[][] standard = standardisation();
            String fingerprint = v2 ? fingerprint() : null;
            List<String> labels = v2 ? labels(ints(fields("labels", 1))[0], dims[2]) : List.of();
            double[] w = matrix("W", dims[0] + 1, dims[1]);
            double[] v = matrix("V", dims[1] + 1, dims[2]);
            try {
                return new SavedModel(new MlpWeights(dims[0], dims[1], dims[2], w, v), settings, standard[0], standard[1],
                        fingerprint, labels);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private Map<String, String> settings(int count) throws IOException, ModelFileException {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String line = next();
                int eq = line.indexOf('=');
                if (eq < 1) {
                    throw error("expected a setting NAME=VALUE, found '" + line + "'");
                }
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return out;
        }

        private String fingerprint() throws IOException, ModelFileException {
            String value = fields("dataset", 1)[1];
            if (value.equals("none")) {
                return null;
            }
            if (!value.matches("[0-9a-f]{64}")) {
                throw error("'" + value + "' is not a SHA-256 in hex");
            }
            return value;
        }

        /** @param k the model's classes: a label name for each, or none */
        private List<String> labels(int count, int k) throws IOException, ModelFileException {
            if (count != 0 && count != k) {
                throw error(count + " label names for k=" + k + " classes");
            }
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String line = next();
                try {
                    out.add(JSON.readValue(line, String.class));
                } catch (IOException e) {
                    throw error("expected a label name as a JSON string, found '" + line + "'");
                }
            }
            return out;
        }

        private double[][] standardisation() throws IOException, ModelFileException {
            String[] f = fields("standardization", 1);
            if (f[1].equals("none")) {
                return new double[2][];
            }
            int d = ints(f)[0];
            return new double[][] {doubles(fields("mean", d), 1), doubles(fields("scale", d), 1)};
        }

        private double[] matrix(String tag, int rows, int columns) throws IOException, ModelFileException {
            int[] shape = ints(fields(tag, 2));
            if (shape[0] != rows || shape[1] != columns) {
                throw error(tag + " is " + shape[0] + " x " + shape[1] + ", but dims say " + rows + " x " + columns);
            }
            if ((long) rows * columns > MAX_VALUES) {
                throw error(tag + " of " + rows + " x " + columns + " values is larger than any model this program makes");
            }
            double[] out = new double[rows * columns];
            for (int r = 0; r < rows; r++) {
                String[] f = next().split("\\s+");
                if (f.length != columns) {
                    throw error(tag + " row " + r + " has " + f.length + " values, expected " + columns);
                }
                System.arraycopy(doubles(f, 0), 0, out, r * columns, columns);
            }
            return out;
        }

        /** The next record, which must start with {@code tag} and have {@code count} more fields. */
        private String[] fields(String tag, int count) throws IOException, ModelFileException {
            String[] f = next().split("\\s+");
            if (!f[0].equals(tag) || f.length != count + 1) {
                throw error("expected '" + tag + "' and " + count + " value(s), found '" + String.join(" ", f) + "'");
            }
            return f;
        }

        private String next() throws IOException, ModelFileException {
            String line;
            do {
                line = in.readLine();
                lineNo++;
                if (line == null) {
                    throw error("the file ends too early (truncated?)");
                }
            } while (line.isBlank() || line.startsWith("#"));
            return line.trim();
        }

        private int[] ints(String[] f) throws ModelFileException {
            int[] out = new int[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                try {
                    out[i - 1] = Integer.parseInt(f[i]);
                } catch (NumberFormatException e) {
                    throw error("'" + f[i] + "' is not a whole number");
                }
                if (out[i - 1] < 0) {
                    throw error("'" + f[i] + "' must not be negative");
                }
            }
            return out;
        }

        private double[] doubles(String[] f, int from) throws ModelFileException {
            List<Double> out = new ArrayList<>();
            for (int i = from; i < f.length; i++) {
                try {
                    out.add(Double.parseDouble(f[i]));
                } catch (NumberFormatException e) {
                    throw error("'" + f[i] + "' is not a number");
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private ModelFileException error(String message) {
            return new ModelFileException(name + " line " + lineNo + ": " + message);
        }
    }
}
