package mlptrainer.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mlptrainer.client.ModelFile;
import mlptrainer.client.SavedModel;
import mlptrainer.client.WireMapping;
import mlptrainer.coordinator.CoordinatorView;
import mlptrainer.coordinator.JobRun;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.RoundStat;

/**
 * {@code /api/jobs/ID/model}: a job's model as the client's {@code --save-model} writes it
 * ({@link ModelFile}, docs/model-format.md), so {@code scripts/evaluate} reads it: the last
 * completed round's ({@code which=last}) or the best round's ({@code which=best}). Stateless.
 */
final class ModelDownload {
    private ModelDownload() {
    }

    static void send(HttpExchange ex, CoordinatorView view, JobRun run, String which)
            throws IOException, Exchanges.BadRequestException {
        if (!which.equals("last") && !which.equals("best")) {
            throw new Exchanges.BadRequestException("which must be 'last' or 'best'");
        }
        JobRun.TrainedModel m;
        try {
            m = view.model(run);
        } catch (CoordinatorView.ModelUnavailableException e) {
            Exchanges.error(ex, 409, e.getMessage());
            return;
        }
        JobStatus status = view.status(run);
        boolean best = which.equals("best");
        SavedModel model = new SavedModel(best ? m.best() : m.last(), status.getRequest().isSetSettings()
                ? status.getRequest().getSettings() : Map.of(), m.featureMean(), m.featureScale());
        String provenance = best ? "best round " + m.bestRound() + ", validation error " + m.bestError()
                : lastRound(status);
        stream(ex, model, List.of("trained by mlp-trainer job " + run.id() + ": "
                + WireMapping.request(status.getRequest()).describe(), provenance), "job-" + run.id() + "-" + which);
    }

    /** As the client's provenance line: the final error once the job succeeded, else the last round's. */
    private static String lastRound(JobStatus s) {
        List<RoundStat> rounds = s.getRounds_done();
        if (rounds.isEmpty()) {
            return "last round";
        }
        RoundStat last = rounds.get(rounds.size() - 1);
        double error = s.isSetFinal_error() ? s.getFinal_error() : last.getValidation_error();
        return "last round " + last.getRound() + ", validation error " + error;
    }

    /** Writes the model file to a temporary file (ModelFile writes files), sends it, and deletes it. */
    private static void stream(HttpExchange ex, SavedModel model, List<String> comments, String name)
            throws IOException {
        Path tmp = Files.createTempFile("mlp-dashboard-", ".model");
        try {
            ModelFile.write(model, comments, tmp);
            MlpWeights w = model.weights();
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + ".model\"");
            ex.getResponseHeaders().set("X-Model-Shape", w.shape());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, Files.size(tmp));
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(tmp, out);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
