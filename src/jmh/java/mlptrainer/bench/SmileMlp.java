package mlptrainer.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import smile.base.mlp.Layer;
import smile.base.mlp.OutputFunction;
import smile.classification.MLP;
import smile.math.TimeFunction;

/**
 * The single-machine baseline of docs/benchmarks.md: Smile's MLP classifier on a letters directory
 * (train_letters*.txt, validate_letters.txt), with the settings issue 21 names: one hidden ReLU
 * layer, softmax output, mini-batches, momentum, a learning rate decaying linearly to zero over
 * the run, inputs standardised with the training rows' mean and standard deviation. Prints one
 * line per epoch with the validation error and the seconds since the JVM started, then the
 * summary line {@code smile: error=... seconds=... passed=...} (passed: the seconds at the first
 * epoch whose error was at most TARGET, or never). Benchmark-only: Smile is a
 * dependency of the jmh profile, never of the main jar.
 *
 * <p>usage: SmileMlp DATA_DIR [H [EPOCHS [BATCH [ETA [MOMENTUM [TARGET [SEED]]]]]]]
 */
public final class SmileMlp {
    private SmileMlp() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 384;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        double eta = args.length > 4 ? Double.parseDouble(args[4]) : 0.05;
        double momentum = args.length > 5 ? Double.parseDouble(args[5]) : 0.9;
        double target = args.length > 6 ? Double.parseDouble(args[6]) : 0.0331;
        long seed = args.length > 7 ? Long.parseLong(args[7]) : 1;
        Rows train = trainingRows(dir);
        Rows validation = read(dir.resolve("validate_letters.txt"));
        double[][] stats = meanAndScale(train.x);
        standardise(train.x, stats);
        standardise(validation.x, stats);
        smile.math.MathEx.setSeed(seed);
        MLP model = new MLP(Layer.input(train.x[0].length), Layer.rectifier(h),
                Layer.mle(26, OutputFunction.SOFTMAX));
        int steps = epochs * ((train.x.length + batch - 1) / batch);
        model.setLearningRate(TimeFunction.linear(eta, steps, 0.0));
        model.setMomentum(TimeFunction.constant(momentum));
        train(model, train, validation, epochs, batch, target, new Random(seed));
    }

    private static void train(MLP model, Rows train, Rows validation, int epochs, int batch, double target,
                              Random random) {
        int n = train.x.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double error = 1;
        double passed = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, random);
            for (int start = 0; start < n; start += batch) {
                int size = Math.min(batch, n - start);
                double[][] x = new double[size][];
                int[] y = new int[size];
                for (int j = 0; j < size; j++) {
                    x[j] = train.x[order[start + j]];
                    y[j] = train.y[order[start + j]];
                }
                model.update(x, y);
            }
            error = error(model, validation);
            double seconds = sinceJvmStart();
            if (Double.isNaN(passed) && error <= target) {
                passed = seconds;
            }
            System.out.printf(Locale.ROOT, "epoch %d: validation error %.4f at %.1f s%n", epoch, error, seconds);
        }
        System.out.printf(Locale.ROOT, "smile: error=%.4f seconds=%.1f passed=%s%n", error, sinceJvmStart(),
                Double.isNaN(passed) ? "never" : String.format(Locale.ROOT, "%.1f", passed));
    }

    private static double sinceJvmStart() {
        return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    }

    private static double error(MLP model, Rows rows) {
        int wrong = 0;
        for (int i = 0; i < rows.x.length; i++) {
            if (model.predict(rows.x[i]) != rows.y[i]) {
                wrong++;
            }
        }
        return (double) wrong / rows.x.length;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static double[][] meanAndScale(double[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / x.length;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
        }
        return new double[][] {mean, scale};
    }

    private static void standardise(double[][] x, double[][] stats) {
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (row[j] - stats[0][j]) / stats[1][j];
            }
        }
    }

    private static Rows trainingRows(Path dir) throws IOException {
        List<Rows> shards = new ArrayList<>();
        for (int i = 1; Files.exists(dir.resolve("train_letters" + i + ".txt")); i++) {
            shards.add(read(dir.resolve("train_letters" + i + ".txt")));
        }
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (Rows shard : shards) {
            for (int i = 0; i < shard.x.length; i++) {
                x.add(shard.x[i]);
                y.add(shard.y[i]);
            }
        }
        return new Rows(x.toArray(new double[0][]), y.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Rows read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(",");
            double[] row = new double[fields.length - 1];
            for (int j = 0; j < row.length; j++) {
                row[j] = Double.parseDouble(fields[j]);
            }
            x.add(row);
            y.add(Integer.parseInt(fields[fields.length - 1]));
        }
        return new Rows(x.toArray(new double[0][]), y.stream().mapToInt(Integer::intValue).toArray());
    }

    private record Rows(double[][] x, int[] y) {
    }
}
