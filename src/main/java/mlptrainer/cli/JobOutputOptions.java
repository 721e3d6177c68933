package mlptrainer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import mlptrainer.client.BarProgress;
import mlptrainer.client.OutputFiles;
import mlptrainer.client.PlainProgress;
import mlptrainer.client.ProgressView;
import mlptrainer.client.RoundLog;
import mlptrainer.client.RunProvenance;
import picocli.CommandLine.Option;

/**
 * What a client that follows a job shows and writes, the same for {@code client ... (train)} and
 * {@code client attach}: the progress view, the result files and what Ctrl-C does. Picocli fills it.
 */
public final class JobOutputOptions {
    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "How to show progress: auto (a bar on a terminal, else plain), bar (a bar per round with the"
                    + " time left), plain (one line per round). Default: ${DEFAULT-VALUE}.")
    ProgressMode progress;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Write the learning curve (validation and mean training error per round, the best round "
                    + "marked): an SVG drawing when FILE ends in .svg, else a PNG image.")
    Path plot;

    @Option(names = "--metrics", paramLabel = "FILE.json",
            description = "Write every per-round and per-node figure, the request and the final error as JSON.")
    Path metrics;

    @Option(names = "--log-rounds", paramLabel = "FILE.csv",
            description = "Append one CSV line per round as it ends (" + RoundLog.HEADER + "; the header when the"
                    + " file is new).")
    Path logRounds;

    @Option(names = "--save-model", paramLabel = "FILE",
            description = "Write the trained (last round's) model to FILE (see docs/model-format.md).")
    Path saveModel;

    @Option(names = "--save-best", paramLabel = "FILE",
            description = "Write the model of the round with the lowest validation error to FILE.")
    Path saveBest;

    @Option(names = "--trace", paramLabel = "FILE.json",
            description = "Write the job's task attempts as Chrome trace events (one track per node), for "
                    + "Perfetto or chrome://tracing.")
    Path trace;

    @Option(names = "--cancel-on-interrupt",
            description = "Ctrl-C cancels the job; without it the job goes on and the client prints how to follow "
                    + "it again (client attach).")
    boolean cancelOnInterrupt;

    /** The values of --progress. */
    enum ProgressMode { auto, bar, plain }

    /** @return the result files wanted (the trace aside) */
    OutputFiles outputs() {
        return new OutputFiles(plot, metrics, saveModel, saveBest);
    }

    /** @return whether any result file beyond the final error is wanted */
    boolean anyFile() {
        return outputs().any() || trace != null;
    }

    /** @throws UserException when an output file's directory does not exist */
    void check() {
        for (Path p : new Path[] {plot, metrics, logRounds, saveModel, saveBest, trace}) {
            Args.outputFile(p);
        }
    }

    /** @return the progress view asked for, which also appends each round to --log-rounds' file when given */
    ProgressView progressView(PrintWriter out, RunProvenance provenance) {
        boolean bar = progress == ProgressMode.bar || (progress == ProgressMode.auto && System.console() != null);
        ProgressView view = bar ? new BarProgress(out) : new PlainProgress(out);
        return logRounds == null ? view : new RoundLog(view, provenance, logRounds);
    }
}
