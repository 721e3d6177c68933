package mlptrainer.coordinator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import mlptrainer.model.MlpWeights;

/**
 * A job's state after a completed round, enough to resume it and reach the same final model as
 * an uninterrupted run: the request, a hash of the data it trained on, the weights (last and
 * best) and the per-round figures. Immutable.
 *
 * <p>The file format is this class's own, independent of the RPC's types: big-endian
 * {@link DataOutputStream} values, in order: the magic string {@value #MAGIC} (writeUTF), the version
 * (int, {@value #VERSION}); the request (dir as writeUTF, rounds, epochs, h, k as ints, eta as a
 * double, then the settings: their count and each name and value as writeUTF, by name); the data's
 * hash (writeUTF); the rounds done (int); the last and the best weights (each d, h, k as ints, then W
 * and V as doubles); the best round (int) and its error (double); the rounds' figures (their count,
 * then each round as int, validation error and mean training error as doubles, elapsed ms as a
 * long, epochs run as an int); and last the CRC-32 of all that (4 bytes), so a damaged file is
 * refused rather than half read. A change to the layout takes a new version; a file of another
 * version is refused, naming both.
 */
record Checkpoint(JobSpec spec, String dataHash, int roundsDone, MlpWeights last, MlpWeights best, int bestRound,
        double bestError, List<RoundResult> rounds) {
    private static final String MAGIC = "mlp-trainer-checkpoint";
    private static final int VERSION = 1;
    private static final int DOUBLES_PER_CHUNK = 1024;

    byte[] toBytes() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            writeTo(buf);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return buf.toByteArray();
    }

    /**
     * Writes the checkpoint as {@link #toBytes} makes it, streaming: a job's weights are not copied
     * into a buffer first (three copies of last and best, for a model near the heap's size).
     */
    void writeTo(OutputStream target) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(target, new CRC32());
        DataOutputStream out = new DataOutputStream(checked);
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        writeSpec(out, spec);
        out.writeUTF(dataHash);
        out.writeInt(roundsDone);
        writeWeights(out, last);
        writeWeights(out, best);
        out.writeInt(bestRound);
        out.writeDouble(bestError);
        writeRounds(out, rounds);
        out.flush();
        long value = checked.getChecksum().getValue();
        for (int i = 3; i >= 0; i--) {
            target.write((int) (value >>> (8 * i)) & 0xff);
        }
        target.flush();
    }

    /** @throws IOException naming what is wrong: not a checkpoint, another version, damaged */
    static Checkpoint fromBytes(byte[] bytes) throws IOException {
        if (bytes.length < 8) {
            throw new IOException("too short to be a checkpoint");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        long stored = 0;
        for (int i = bytes.length - 4; i < bytes.length; i++) {
            stored = (stored << 8) | (bytes[i] & 0xff);
        }
        if (stored != crc.getValue()) {
            throw new IOException("damaged (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("a version " + version + " checkpoint; this coordinator reads version " + VERSION
                        + " only");
            }
            JobSpec spec = readSpec(in);
            return new Checkpoint(spec, in.readUTF(), in.readInt(), readWeights(in), readWeights(in), in.readInt(),
                    in.readDouble(), readRounds(in));
        }
    }

    private static void writeSpec(DataOutputStream out, JobSpec s) throws IOException {
        out.writeUTF(s.dir());
        out.writeInt(s.rounds());
        out.writeInt(s.epochs());
        out.writeInt(s.h());
        out.writeInt(s.k());
        out.writeDouble(s.eta());
        Map<String, String> settings = new TreeMap<>(s.settings());
        out.writeInt(settings.size());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static JobSpec readSpec(DataInputStream in) throws IOException {
        String dir = in.readUTF();
        int rounds = in.readInt();
        int epochs = in.readInt();
        int h = in.readInt();
        int k = in.readInt();
        double eta = in.readDouble();
        Map<String, String> settings = new TreeMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            settings.put(in.readUTF(), in.readUTF());
        }
        try {
            return new JobSpec(dir, rounds, epochs, h, k, eta, settings, false);
        } catch (IllegalArgumentException e) {
            throw new IOException("holds an invalid request: " + e.getMessage(), e);
        }
    }

    private static void writeWeights(DataOutputStream out, MlpWeights m) throws IOException {
        out.writeInt(m.inputs());
        out.writeInt(m.hidden());
        out.writeInt(m.classes());
        writeDoubles(out, m.w());
        writeDoubles(out, m.v());
    }

    /**
     * The bytes of {@code writeDouble} for each value (big-endian IEEE 754; weights are finite, so
     * raw and canonical bits agree), written a chunk at a time: the publisher writes a checkpoint
     * every round, and one stream call and checksum update per weight showed in its profile.
     */
    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        byte[] chunk = new byte[Double.BYTES * Math.min(values.length, DOUBLES_PER_CHUNK)];
        DoubleBuffer view = ByteBuffer.wrap(chunk).asDoubleBuffer();
        for (int from = 0; from < values.length; from += DOUBLES_PER_CHUNK) {
            int n = Math.min(DOUBLES_PER_CHUNK, values.length - from);
            view.clear();
            view.put(values, from, n);
            out.write(chunk, 0, Double.BYTES * n);
        }
    }

    private static MlpWeights readWeights(DataInputStream in) throws IOException {
        int d = in.readInt();
        int h = in.readInt();
        int k = in.readInt();
        if (d < 1 || h < 1 || k < 1 || d > mlptrainer.SizeLimits.MAX_FEATURES || h > mlptrainer.SizeLimits.MAX_HIDDEN
                || k > mlptrainer.SizeLimits.MAX_CLASSES) {
            throw new IOException("holds weights of impossible size d=" + d + " h=" + h + " k=" + k);
        }
        double[] w = new double[(d + 1) * h];
        double[] v = new double[(h + 1) * k];
        readDoubles(in, w);
        readDoubles(in, v);
        return new MlpWeights(d, h, k, w, v);
    }

    private static void readDoubles(DataInputStream in, double[] into) throws IOException {
        byte[] chunk = new byte[Double.BYTES * Math.min(into.length, DOUBLES_PER_CHUNK)];
        DoubleBuffer view = ByteBuffer.wrap(chunk).asDoubleBuffer();
        for (int from = 0; from < into.length; from += DOUBLES_PER_CHUNK) {
            int n = Math.min(DOUBLES_PER_CHUNK, into.length - from);
            in.readFully(chunk, 0, Double.BYTES * n);
            view.clear();
            view.get(into, from, n);
        }
    }

    private static void writeRounds(DataOutputStream out, List<RoundResult> rounds) throws IOException {
        out.writeInt(rounds.size());
        for (RoundResult r : rounds) {
            out.writeInt(r.round());
            out.writeDouble(r.validationError());
            out.writeDouble(r.meanTrainingError());
            out.writeLong(r.elapsedMs());
            out.writeInt(r.epochsRun());
        }
    }

    private static List<RoundResult> readRounds(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<RoundResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new RoundResult(in.readInt(), in.readDouble(), in.readDouble(), in.readLong(), in.readInt()));
        }
        return out;
    }
}
