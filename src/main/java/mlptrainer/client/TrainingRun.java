package mlptrainer.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One training request from start to final error: starts the job (or, on one of the original's
 * coordinators, makes the blocking call), shows its progress, prints the summary, writes the
 * wanted results and prints the best round. Everything it prints goes to {@code out}; the final
 * error is returned for the caller to print. Used by one thread, once.
 */
public final class TrainingRun {
    private final CoordinatorSession session;
    private final PrintWriter out;
    private final Supplier<ProgressView> views;

    /** @param views makes the progress view when a job starts (not for the blocking call) */
    public TrainingRun(CoordinatorSession session, PrintWriter out, Supplier<ProgressView> views) {
        this.session = session;
        this.out = out;
        this.views = views;
    }

    /**
     * @return the final validation error
     * @throws ClientFailure when the coordinator refuses or is lost, the job does not succeed, or a
     *                       result cannot be written
     */
    public double train(TrainingRequest request, boolean resume, OutputFiles outputs) throws ClientFailure {
        Optional<String> started = session.startJob(request, resume);
        if (started.isEmpty()) {
            return session.trainBlocking(request);
        }
        String jobId = started.get();
        out.printf("job %s started: %s%n", jobId, request.describe());
        out.flush();
        JobSnapshot last = follow(jobId, request.rounds());
        RunSummary.print(last, out);
        writeResults(last, outputs, request);
        if (last.phase() != JobPhase.SUCCEEDED) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "job " + jobId + " " + last.phase().label() + ": "
                    + last.error() + " (the coordinator's log has the details)");
        }
        double finalError = finalError(last);
        saveModels(last, finalError, outputs, request);
        last.best().ifPresent(b -> out.printf("Best validation error: %.4f (round %d of %d)%n", b.validationError(),
                b.round(), request.rounds()));
        return finalError;
    }

    private JobSnapshot follow(String jobId, int rounds) throws ClientFailure {
        try (ProgressView view = views.get()) {
            return new JobWatcher(session).follow(jobId, view::status, r -> view.roundDone(r, rounds));
        }
    }

    private void writeResults(JobSnapshot last, OutputFiles outputs, TrainingRequest request) throws ClientFailure {
        try {
            if (outputs.metrics() != null) {
                MetricsFile.write(last, outputs.metrics());
            }
            if (outputs.plot() != null) {
                LearningCurve.write(last.roundsDone(), request.plotTitle(), request.plotSubtitle(), outputs.plot());
            }
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "cannot write the results: " + e
                    + " (check the path and free space)", e);
        }
    }

    private void saveModels(JobSnapshot last, double finalError, OutputFiles outputs, TrainingRequest request)
            throws ClientFailure {
        if (outputs.saveModel() == null && outputs.saveBest() == null) {
            return;
        }
        TrainedModels models = session.models(last.jobId());
        // a job that kept no separate best model has its last one as its best
        BestRound best = last.best().orElse(new BestRound(last.roundsEnded(), finalError));
        try {
            if (outputs.saveModel() != null) {
                ModelFile.write(models.last(), provenance(last, request, "last round " + last.roundsEnded(),
                        finalError), outputs.saveModel());
            }
            if (outputs.saveBest() != null) {
                ModelFile.write(models.best(), provenance(last, request, "best round " + best.round(),
                        best.validationError()), outputs.saveBest());
            }
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "cannot write the model: " + e
                    + " (check the path and free space)", e);
        }
    }

    private static List<String> provenance(JobSnapshot s, TrainingRequest request, String which, double error) {
        return List.of("trained by mlp-trainer job " + s.jobId() + ": " + request.describe(),
                which + ", validation error " + error);
    }

    private static double finalError(JobSnapshot last) throws ClientFailure {
        if (last.finalError().isEmpty()) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "job " + last.jobId()
                    + " succeeded but the coordinator sent no final error");
        }
        return last.finalError().getAsDouble();
    }
}
