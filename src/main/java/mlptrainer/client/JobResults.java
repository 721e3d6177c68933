package mlptrainer.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a finished job's model files, the same whether the client saves them at the end of the
 * run it follows ({@code --save-model}, {@code --save-best}) or fetches them later
 * ({@code client model}). Stateless.
 */
public final class JobResults {
    private JobResults() {
    }

    /**
     * Writes the last round's model, or with {@code best} the best round's, of a job that succeeded.
     *
     * @param models  the job's models as the coordinator sent them
     * @param last    the job's final status (its final error, best round and id go into the file's provenance)
     * @param request what the job trained
     * @throws IllegalArgumentException when {@code last} has no final error (the job did not succeed)
     */
    public static void writeModel(TrainedModels models, JobSnapshot last, TrainingRequest request, boolean best,
            Path file) throws IOException {
        double finalError = last.finalError().orElseThrow(() -> new IllegalArgumentException("job "
                + last.jobId() + " has no final error"));
        if (best) {
            // a job that kept no separate best model has its last one as its best
            BestRound b = last.best().orElse(new BestRound(last.roundsEnded(), finalError));
            ModelFile.write(models.best(), provenance(last, request, "best round " + b.round(), b.validationError()),
                    file);
        } else {
            ModelFile.write(models.last(), provenance(last, request, "last round " + last.roundsEnded(), finalError),
                    file);
        }
    }

    /** Says where a result went ("wrote metrics to /abs/m.json"), as an absolute path: the client may run from anywhere. */
    public static void wrote(PrintWriter out, String what, Path file) {
        out.printf("wrote %s to %s%n", what, file.toAbsolutePath().normalize());
        out.flush();
    }

    private static List<String> provenance(JobSnapshot s, TrainingRequest request, String which, double error) {
        return List.of("trained by mlp-trainer job " + s.jobId() + ": " + request.describe(),
                which + ", validation error " + error);
    }
}
