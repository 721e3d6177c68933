package mlptrainer.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One job from start (or from where it is, for a client that attaches to it) to final error:
 * starts the job (or, on one of the original's coordinators, makes the blocking call), shows its
 * progress, prints the summary, writes the wanted results, saying where each went, and prints the
 * best round. Everything it prints goes to {@code out}; the final error is returned for the caller
 * to print. Used by one thread, once.
 */
public final class TrainingRun {
    private final CoordinatorSession session;
    private final PrintWriter out;
    private final Supplier<ProgressView> views;
    private Path trace;
    private Consumer<String> onFollow = jobId -> { };
    private final RunProvenance provenance;

    /**
     * A run whose metrics file names no coordinator: for callers that have no address to give.
     *
     * @param views makes the progress view when a job starts (not for the blocking call)
     */
    public TrainingRun(CoordinatorSession session, PrintWriter out, Supplier<ProgressView> views) {
        this(session, out, views, new RunProvenance("unknown", null, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    /**
     * @param views      makes the progress view when a job starts (not for the blocking call)
     * @param provenance what the metrics file says of the run beyond the job's status
     */
    public TrainingRun(CoordinatorSession session, PrintWriter out, Supplier<ProgressView> views,
            RunProvenance provenance) {
        this.session = session;
        this.out = out;
        this.views = views;
        this.provenance = provenance;
    }

    /** Also writes the job's task attempts as Chrome trace JSON to {@code file} (null: no trace); returns this. */
    public TrainingRun traceTo(Path file) {
        this.trace = file;
        return this;
    }

    /** Calls {@code listener} with the job's id once it is known, before following it; returns this. */
    public TrainingRun onFollow(Consumer<String> listener) {
        this.onFollow = listener;
        return this;
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
        JobSnapshot first = session.jobNow(jobId);
        if (resume && first.roundsEnded() > 0) {
            out.printf("resuming job %s after round %d/%d: %s%n", jobId, first.roundsEnded(), request.rounds(),
                    request.describe());
        } else {
            out.printf("job %s started: %s%n", jobId, request.describe());
        }
        out.flush();
        return finish(jobId, request, outputs);
    }

    /**
     * Follows a job started earlier (by this client or another) from where it is to its end, then
     * as {@link #train}.
     *
     * @return the final validation error
     * @throws ClientFailure as {@link #train}, and when the coordinator has no such job
     */
    public double attach(String jobId, OutputFiles outputs) throws ClientFailure {
        JobSnapshot now = session.jobNow(jobId);
        TrainingRequest request = now.request().orElseThrow(() -> new ClientFailure(ClientFailure.Kind.FAILED,
                "the coordinator did not say what job " + jobId + " trains; it may be an older version"));
        out.printf("job %s (%s, round %d/%d): %s%n", jobId, now.phase().label(), now.roundsEnded(), now.rounds(),
                request.describe());
        out.flush();
        return finish(jobId, request, outputs);
    }

    private double finish(String jobId, TrainingRequest request, OutputFiles outputs) throws ClientFailure {
        onFollow.accept(jobId);
        JobSnapshot last = follow(jobId, request.rounds());
        RunSummary.print(last, out);
        writeResults(last, outputs, request);
        if (last.phase() != JobPhase.SUCCEEDED) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "job " + jobId + " " + last.phase().label() + ": "
                    + last.error() + " (the coordinator's log has the details)");
        }
        double finalError = finalError(last);
        saveModels(last, outputs, request);
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
                MetricsFile.write(last, provenance, outputs.metrics());
                wrote("metrics", outputs.metrics());
            }
            if (outputs.plot() != null) {
                LearningCurve.write(last.roundsDone(), request.plotTitle(), request.plotSubtitle(), outputs.plot());
                wrote("the learning curve", outputs.plot());
            }
            if (trace != null) {
                Files.writeString(trace, session.trace(last.jobId()), StandardCharsets.UTF_8);
                wrote("the trace", trace);
            }
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "cannot write the results: " + e
                    + " (check the path and free space)", e);
        }
    }

    private void wrote(String what, Path file) {
        JobResults.wrote(out, what, file);
    }

    private void saveModels(JobSnapshot last, OutputFiles outputs, TrainingRequest request) throws ClientFailure {
        if (outputs.saveModel() == null && outputs.saveBest() == null) {
            return;
        }
        TrainedModels models = session.models(last.jobId());
        try {
            if (outputs.saveModel() != null) {
                JobResults.writeModel(models, last, request, false, outputs.saveModel());
                wrote("the model", outputs.saveModel());
            }
            if (outputs.saveBest() != null) {
                JobResults.writeModel(models, last, request, true, outputs.saveBest());
                wrote("the best round's model", outputs.saveBest());
            }
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "cannot write the model: " + e
                    + " (check the path and free space)", e);
        }
    }

    private static double finalError(JobSnapshot last) throws ClientFailure {
        if (last.finalError().isEmpty()) {
            throw new ClientFailure(ClientFailure.Kind.FAILED, "job " + last.jobId()
                    + " succeeded but the coordinator sent no final error");
        }
        return last.finalError().getAsDouble();
    }
}
