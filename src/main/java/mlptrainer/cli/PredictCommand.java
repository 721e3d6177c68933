package mlptrainer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code predict MODEL DATA_FILE}: one predicted class per data row, one per line, in order: its
 * label name when the model was trained on a directory with a dataset.json, else a letter A..Z
 * when the model has k = 26 classes, else the class number. Nothing else goes to
 * standard output, so the output can be pasted next to the input.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Prints one predicted label per row of a data file: its name from the training data's "
                + "dataset.json, else a letter A..Z (k = 26) or the class number.")
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by 'client --save-model'.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA_FILE",
            description = "Rows of the model's d comma-separated features; a (d+1)th column (a label) is ignored.")
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
        int[] predicted;
        try {
            predicted = ModelScoring.predict(m, data, data.toString());
        } catch (DataException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (int p : predicted) {
            out.println(m.className(p));
        }
        out.flush();
        return ExitCodes.OK;
    }

    public static void main(String[] args) {
        Cli.main(new PredictCommand(), args);
    }
}
