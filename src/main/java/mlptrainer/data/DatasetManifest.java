package mlptrainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mlptrainer.Untrusted;

/**
 * A data directory's description, {@code dataset.json} (format "mlp-trainer-dataset" version 1): the
 * number of features d and of classes k, the features' and labels' names (label i of a row is the
 * i-th name), the files with their row counts and the source file's SHA-256. The files keep the
 * letters layout (comma-separated numbers, the label's index last), so a directory without a
 * manifest and one with a manifest are read the same way. Immutable and thread-safe.
 *
 * @param d             features per row
 * @param k             classes; {@code labelNames} has k names
 * @param realValued    whether features may be non-integers (the original's programs read integers only)
 * @param featureNames  d names
 * @param labelNames    k names, in label index order
 * @param shards        the training files, in shard order
 * @param validation    the validation file
 * @param sourceFile    the file it was prepared from, as named to {@code prepare} (may be empty)
 * @param sourceSha256  that file's SHA-256 in lower-case hex (may be empty)
 */
public record DatasetManifest(int d, int k, boolean realValued, List<String> featureNames, List<String> labelNames,
        List<FileRows> shards, FileRows validation, String sourceFile, String sourceSha256) {
    /** The manifest's file name inside a data directory. */
    public static final String FILE_NAME = "dataset.json";
    /** The value of the "format" field. */
    public static final String FORMAT = "mlp-trainer-dataset";
    /** The value of the "version" field. */
    public static final int VERSION = 1;
    /** A manifest larger than this is refused before it is parsed. */
    public static final long MAX_BYTES = 16L << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A file of the directory and its number of rows. */
    public record FileRows(String file, long rows) {
    }

    public DatasetManifest {
        featureNames = List.copyOf(featureNames);
        labelNames = List.copyOf(labelNames);
        shards = List.copyOf(shards);
        if (d < 1 || k < 2) {
            throw new IllegalArgumentException("d must be >= 1 and k >= 2, got d " + d + ", k " + k);
        }
        if (featureNames.size() != d || labelNames.size() != k) {
            throw new IllegalArgumentException("expected " + d + " feature names and " + k + " label names, got "
                    + featureNames.size() + " and " + labelNames.size());
        }
    }

    /** @return the directory's manifest, or empty when it has none */
    public static Optional<DatasetManifest> read(Path dir) throws DataException {
        Path file = dir.resolve(FILE_NAME);
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new DataException(FILE_NAME + ": larger than " + (MAX_BYTES >> 20) + " MB");
            }
            return Optional.of(parse(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DataException(FILE_NAME + ": cannot read: " + DataRoot.reason(e), e);
        }
    }

    /** Parses a manifest's bytes; every error is one line naming the field. */
    public static DatasetManifest parse(byte[] json) throws DataException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new DataException(FILE_NAME + ": not JSON: " + Untrusted.shown(firstLine(e)));
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new DataException(FILE_NAME + ": not a " + FORMAT + " version " + VERSION + " file");
        }
        try {
            return new DatasetManifest(root.path("d").asInt(), root.path("k").asInt(),
                    root.path("real_valued").asBoolean(true), strings(root, "feature_names"),
                    strings(root, "label_names"), files(root.path("training_shards")),
                    fileRows(root.path("validation")), root.path("source").path("file").asText(""),
                    root.path("source").path("sha256").asText(""));
        } catch (IllegalArgumentException e) {
            throw new DataException(FILE_NAME + ": " + Untrusted.shown(e.getMessage()));
        }
    }

    /** Writes {@code dataset.json} into {@code dir}, replacing one that is there. */
    public void write(Path dir) throws IOException {
        Files.write(dir.resolve(FILE_NAME), toJson());
    }

    /** @return the manifest as written to the file (UTF-8 JSON) */
    public byte[] toJson() {
        ObjectNode root = MAPPER.createObjectNode().put("format", FORMAT).put("version", VERSION);
        root.put("d", d).put("k", k).put("real_valued", realValued);
        featureNames.forEach(root.putArray("feature_names")::add);
        labelNames.forEach(root.putArray("label_names")::add);
        ArrayNode files = root.putArray("training_shards");
        shards.forEach(f -> files.add(fileJson(f)));
        root.set("validation", fileJson(validation));
        root.putObject("source").put("file", sourceFile).put("sha256", sourceSha256);
        try {
            return MAPPER.writeValueAsString(root).concat("\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** @return the rows the manifest lists for this file (a shard or the validation file), or -1 when it lists none */
    public long rowsOf(String fileName) {
        if (validation.file().equals(fileName)) {
            return validation.rows();
        }
        return shards.stream().filter(f -> f.file().equals(fileName)).mapToLong(FileRows::rows).findFirst().orElse(-1);
    }

    /** @return SHA-256 of {@link #toJson()}: what a model trained on this data records */
    public String fingerprint() {
        return Hashing.sha256Hex(toJson());
    }

    private static ObjectNode fileJson(FileRows f) {
        return MAPPER.createObjectNode().put("file", f.file()).put("rows", f.rows());
    }

    private static List<String> strings(JsonNode root, String field) {
        JsonNode array = root.path(field);
        if (!array.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a list of strings");
        }
        List<String> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<FileRows> files(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalArgumentException("\"training_shards\" must be a non-empty list");
        }
        List<FileRows> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(fileRows(n)));
        return out;
    }

    private static FileRows fileRows(JsonNode n) {
        String file = n.path("file").asText("");
        if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new IllegalArgumentException("a file name must be a plain name in the directory, got '" + file + "'");
        }
        return new FileRows(file, n.path("rows").asLong());
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
