package mlptrainer.coordinator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import mlptrainer.SizeLimits;
import mlptrainer.data.ScratchDirectory;
import mlptrainer.model.MlpWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of finished jobs: the newest in memory within a budget, older ones moved to files in a
 * directory of this process (under the checkpoint directory) or, when there is none, dropped with
 * the reason kept for {@code job_model}. So the heap they take is bounded however many jobs end,
 * and no model disappears without a word. Thread-safe.
 */
final class FinishedModels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedModels.class);
    private static final int FORMAT = 1;
    private final long memoryBytes;
    private final Path parent;
    private ScratchDirectory dir;
    private final LinkedHashMap<String, JobRun.TrainedModel> inMemory = new LinkedHashMap<>();
    private long held;
    private final Map<String, Path> onDisk = new HashMap<>();
    private final Map<String, String> dropped = new HashMap<>();
    private final Map<String, Integer> inputs = new HashMap<>();

    /** Thrown when a finished job's model is no longer kept; the message says why. */
    static final class ModelGoneException extends Exception {
        ModelGoneException(String message) {
            super(message);
        }
    }

    /**
     * @param memoryBytes the most heap the models kept in memory take together, in bytes
     * @param parent      where to make the directory for models moved out of memory, or null to drop them
     */
    FinishedModels(long memoryBytes, Path parent) {
        this.memoryBytes = memoryBytes;
        this.parent = parent;
    }

    /** @return the heap the models kept in memory take now, in bytes */
    synchronized long heldBytes() {
        return held;
    }

    /** Keeps a finished job's model, moving or dropping the oldest ones kept in memory beyond the budget. */
    synchronized void keep(String id, JobRun.TrainedModel model) {
        inputs.put(id, model.last().inputs());
        inMemory.put(id, model);
        held += bytes(model);
        Iterator<Map.Entry<String, JobRun.TrainedModel>> eldest = inMemory.entrySet().iterator();
        while (held > memoryBytes && eldest.hasNext()) {
            Map.Entry<String, JobRun.TrainedModel> e = eldest.next();
            eldest.remove();
            held -= bytes(e.getValue());
            moveOut(e.getKey(), e.getValue());
        }
    }

    private void moveOut(String id, JobRun.TrainedModel model) {
        String size = SizeLimits.mb(bytes(model));
        if (parent == null) {
            dropped.put(id, "job " + id + "'s model (" + size + ") is no longer kept: this coordinator keeps "
                    + SizeLimits.mb(memoryBytes) + " of finished models in memory (--keep-models-mb) and has no "
                    + "checkpoint directory to keep more; save a model as soon as its job ends");
            LOG.info("job {}: model ({}) dropped from memory: no checkpoint directory to move it to", id, size);
            return;
        }
        try {
            Path file = directory().resolve("job-" + id + ".model");
            write(file, model);
            onDisk.put(id, file);
            LOG.debug("job {}: model ({}) moved from memory to {}", id, size, file);
        } catch (IOException e) {
            dropped.put(id, "job " + id + "'s model (" + size + ") is no longer kept: moving it out of memory "
                    + "failed: " + e.getMessage());
            LOG.warn("job {}: model ({}) dropped: writing it to disk failed: {}", id, size, e.toString());
        }
    }

    private Path directory() throws IOException {
        if (dir == null) {
            Files.createDirectories(parent);
            dir = ScratchDirectory.create(parent, "finished-models-");
        }
        return dir.path();
    }

    /**
     * @return the job's model, or null when none was kept for it (it ended before its first round)
     * @throws ModelGoneException when it was dropped or cannot be read back; the message says why
     */
    JobRun.TrainedModel get(String id) throws ModelGoneException {
        Path file;
        synchronized (this) {
            JobRun.TrainedModel m = inMemory.get(id);
            if (m != null || dropped.containsKey(id)) {
                if (m == null) {
                    throw new ModelGoneException(dropped.get(id));
                }
                return m;
            }
            file = onDisk.get(id);
        }
        if (file == null) {
            return null;
        }
        try {
            return read(file);
        } catch (IOException e) {
            throw new ModelGoneException("job " + id + "'s model cannot be read back from disk: " + e.getMessage());
        }
    }

    /** @return the input features (d) of the job's model, or 1 when none was kept */
    synchronized int inputsOf(String id) {
        return inputs.getOrDefault(id, 1);
    }

    /** Forgets the job's model wherever it is kept (the job itself is forgotten). */
    synchronized void forget(String id) {
        inputs.remove(id);
        JobRun.TrainedModel m = inMemory.remove(id);
        if (m != null) {
            held -= bytes(m);
        }
        dropped.remove(id);
        Path file = onDisk.remove(id);
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("job {}: model file {} not deleted: {}", id, file, e.toString());
            }
        }
    }

    /** @return about how many heap bytes the model holds: its weights (best counted when it is another array) */
    static long bytes(JobRun.TrainedModel m) {
        long one = 8L * (m.last().w().length + m.last().v().length);
        long features = m.featureMean() == null ? 0 : 16L * m.featureMean().length;
        return one + (m.best() == m.last() ? 0 : one) + features + 256;
    }

    private static void write(Path file, JobRun.TrainedModel m) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(FORMAT);
            out.writeInt(m.bestRound());
            out.writeDouble(m.bestError());
            writeArray(out, m.featureMean());
            writeArray(out, m.featureScale());
            writeWeights(out, m.last());
            out.writeBoolean(m.best() == m.last());
            if (m.best() != m.last()) {
                writeWeights(out, m.best());
            }
        }
    }

    private static JobRun.TrainedModel read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != FORMAT) {
                throw new IOException(file + " is not a model file of this version");
            }
            int bestRound = in.readInt();
            double bestError = in.readDouble();
            double[] mean = readArray(in);
            double[] scale = readArray(in);
            MlpWeights last = readWeights(in);
            MlpWeights best = in.readBoolean() ? last : readWeights(in);
            return new JobRun.TrainedModel(last, best, bestRound, bestError, mean, scale);
        }
    }

    private static void writeWeights(DataOutputStream out, MlpWeights m) throws IOException {
        out.writeInt(m.inputs());
        out.writeInt(m.hidden());
        out.writeInt(m.classes());
        writeValues(out, m.w());
        writeValues(out, m.v());
    }

    private static MlpWeights readWeights(DataInputStream in) throws IOException {
        int d = in.readInt();
        int h = in.readInt();
        int k = in.readInt();
        if (d < 1 || h < 1 || k < 1 || SizeLimits.weightValues(d, h, k) > SizeLimits.maxWeightValues(h)) {
            throw new IOException("impossible model shape d=" + d + " h=" + h + " k=" + k);
        }
        double[] w = new double[(d + 1) * h];
        double[] v = new double[(h + 1) * k];
        readValues(in, w);
        readValues(in, v);
        return new MlpWeights(d, h, k, w, v);
    }

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) {
            writeValues(out, values);
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n > SizeLimits.MAX_FEATURES) {
            throw new IOException("impossible feature count " + n);
        }
        if (n < 0) {
            return null;
        }
        double[] values = new double[n];
        readValues(in, values);
        return values;
    }

    private static void writeValues(DataOutputStream out, double[] values) throws IOException {
        for (double x : values) {
            out.writeDouble(x);
        }
    }

    private static void readValues(DataInputStream in, double[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
    }

    /** Deletes the files of models moved out of memory. */
    @Override
    public synchronized void close() {
        if (dir != null) {
            dir.close();
        }
    }
}
