package mlptrainer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import mlptrainer.data.Dataset;

/**
 * Throwaway simulation of federated averaging on the real letters data, to find a recipe for
 * issue 8 (not a test). Each round every shard trains from the global weights with a fresh
 * optimiser for a few local epochs; the mean of the deltas (summed in shard order) is added; the
 * validation error is measured after each round. Tasks run on a pool of up to 4 threads.
 *
 * <pre>
 * mvn -q -B test-compile
 * java -cp target/classes:target/test-classes mlptrainer.model.FedAvgRecipeExperiment \
 *     [dir] rounds epochs h eta threads key=value...
 * </pre>
 * e.g. {@code ../shared/letters 30 2 256 0.002 2 optimizer=adam batch_size=32 init=he schedule=cosine standardize=true}
 */
public final class FedAvgRecipeExperiment {
    private FedAvgRecipeExperiment() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int h = Integer.parseInt(args[3]);
        double eta = Double.parseDouble(args[4]);
        int threads = Integer.parseInt(args[5]);
        Map<String, String> map = new HashMap<>();
        for (int i = 6; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            map.put(kv[0], kv[1]);
        }
        TrainingSettings settings = TrainingSettings.parse(map);
        long t0 = System.nanoTime();
        double err = run(dir, rounds, epochs, h, eta, threads, settings, true);
        System.out.printf("recipe: %s rounds=%d epochs=%d h=%d eta=%s -> final error %.4f in %.1f s%n",
                settings, rounds, epochs, h, eta, err, (System.nanoTime() - t0) / 1e9);
    }

    static double run(Path dir, int rounds, int epochs, int h, double eta, int threads, TrainingSettings settings,
                      boolean log) throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
        List<Dataset> shards = new ArrayList<>();
        for (int i = 1; Files.exists(dir.resolve("train_letters" + i + ".txt")); i++) {
            shards.add(EpochTimer.readCsv(dir.resolve("train_letters" + i + ".txt")));
        }
        Dataset validation = EpochTimer.readCsv(dir.resolve("validate_letters.txt"));
        if (settings.standardize()) {
            FeatureStandardizer standardizer = FeatureStandardizer.fit(shards);
            shards.replaceAll(standardizer::apply);
            validation = standardizer.apply(validation);
        }
        int d = shards.get(0).features();
        long jobSeed = Long.getLong("seed", 42); // -Dseed=N to check that a recipe does not hang on one seed
        MlpWeights global = settings.init().create(d, h, 26, jobSeed);
        ThreadLocal<LocalTrainer> trainers = ThreadLocal.withInitial(LocalTrainer::new);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double err = Double.NaN;
        double best = 1;
        try {
            for (int r = 0; r < rounds; r++) {
                double rate = settings.schedule().rate(eta, r, rounds);
                MlpWeights start = global;
                List<Future<TaskOutcome>> futures = new ArrayList<>();
                for (int s = 0; s < shards.size(); s++) {
                    Dataset shard = shards.get(s);
                    long seed = LocalTrainer.shuffleSeed(jobSeed, r, s);
                    futures.add(pool.submit(() -> trainers.get().train(shard, start, rate, epochs, settings, seed)));
                }
                MlpWeights sum = MlpWeights.zeros(d, h, 26);
                for (Future<TaskOutcome> f : futures) {
                    sum.addInPlace(f.get().weights().subtract(start));
                }
                sum.scaleInPlace(1.0 / shards.size());
                global = start.copy();
                global.addInPlace(sum);
                err = Evaluator.errorRate(validation, global);
                best = Math.min(best, err);
                if (log) {
                    System.out.printf("round %d/%d lr %.5f: validation error %.4f%n", r + 1, rounds, rate, err);
                }
            }
        } finally {
            pool.shutdown();
        }
        if (log) {
            System.out.printf("best round error %.4f%n", best);
        }
        return err;
    }
}
