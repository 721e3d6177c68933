package mlptrainer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import mlptrainer.client.ModelScoring;
import mlptrainer.client.SavedModel;
import mlptrainer.data.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate MODEL DATA_FILE}: the error rate of a saved model on a labelled file, then the
 * accuracy per label: by the names of the training data's dataset.json, else per letter (A..Z
 * when k = 26), else per class number. The first line is
 * {@code error rate: <value>} with the same value the coordinator computes for that file.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Prints a saved model's error rate and accuracy per label (per letter for the letters) on a "
                + "labelled data file.")
public final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by 'client --save-model'.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA_FILE",
            description = "Labelled rows: the model's d features then the class label (0..k-1), comma-separated.")
    Path data;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        verbosity.apply();
        SavedModel m = ModelArgs.load(model);
        TextFiles.requireText(data, "a text data file");
        ModelScoring.Evaluation e;
        try {
            e = ModelScoring.evaluate(m, data, data.toString());
        } catch (DataException ex) {
            throw new UserException(ExitCodes.USAGE, ex.getMessage(), ex);
        }
        print(e, m, spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    private static void print(ModelScoring.Evaluation e, SavedModel m, PrintWriter out) {
        int k = m.weights().classes();
        int width = "class".length();
        for (int c = 0; c < k; c++) {
            width = Math.max(width, m.className(c).length());
        }
        String row = "%" + width + "s  %6s  %8s%n";
        out.printf(Locale.ROOT, "error rate: %s (%d rows, accuracy %.4f)%n", e.errorRate(), e.rows(), 1 - e.errorRate());
        out.printf(Locale.ROOT, row, "class", "rows", "accuracy");
        for (int c = 0; c < k; c++) {
            double a = e.accuracy(c);
            out.printf(Locale.ROOT, row, m.className(c), e.perClassRows()[c],
                    Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.4f", a));
        }
        out.flush();
    }

    public static void main(String[] args) {
        Cli.main(new EvaluateCommand(), args);
    }
}
