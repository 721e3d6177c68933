package mlptrainer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mlptrainer.data.DataException;
import mlptrainer.data.DatasetManifest;
import mlptrainer.prepare.PrepareOptions;
import mlptrainer.prepare.Preparer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code prepare INPUT OUT_DIR}: checks a CSV or TSV file and writes a data directory the trainer reads
 * (training shards, a validation file, {@code dataset.json}; docs/data-format.md). A bad file or option
 * ends with one line naming the file, line and column and exit code 2, and nothing written; warnings
 * (constant columns, rare labels) go to standard error as "warning: ..." lines.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Check a CSV or TSV file and write a data directory: stratified training shards,",
            "a validation file and dataset.json. Reads the file twice, in memory independent of its size."})
public final class PrepareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "The CSV or TSV file, UTF-8.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT_DIR", description = "The data directory to write (created if missing).")
    Path output;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "The label column: a header name or a 1-based number. Default: the last column.")
    String label;

    @Option(names = "--header", negatable = true,
            description = "Whether the first row names the columns (--no-header: it is data). Default: detected"
                + " (a header when a feature field of the first row is not a number).")
    Boolean header;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "The field delimiter: one character, or 'tab'. Default: detected from the first line"
                + " (',', tab or ';').")
    String delimiter;

    @Option(names = "--shards", defaultValue = "10", paramLabel = "N",
            description = "Training files train_letters1..N.txt, stratified by label. Default: ${DEFAULT-VALUE}.")
    int shards;

    @Option(names = "--validation-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of each label's rows held out in validate_letters.txt. Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--validation", paramLabel = "FILE",
            description = "Use this file (same columns and labels) as the validation set instead of a fraction.")
    Path validation;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the split; the same input, options and seed give the same bytes."
                + " Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--force", description = "Write into OUT_DIR even when it is not empty, replacing its data files.")
    boolean force;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Cli.main(new PrepareCommand(), args);
    }

    @Override
    public Integer call() {
        verbosity.apply();
        PrepareOptions o = new PrepareOptions(input, output, label, header, delimiterChar(), shards,
                validationFraction, validation, seed, force);
        Preparer.Result r;
        try {
            r = Preparer.prepare(o);
        } catch (DataException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage(), e);
        }
        r.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        spec.commandLine().getErr().flush();
        summary(r.manifest(), spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    private char delimiterChar() {
        if (delimiter == null) {
            return 0;
        }
        if (delimiter.equals("tab") || delimiter.equals("\\t")) {
            return '\t';
        }
        if (delimiter.length() != 1 || delimiter.charAt(0) == '"' || delimiter.charAt(0) == '\n') {
            throw new ParameterException(spec.commandLine(), "--delimiter must be one character (not '\"') or 'tab',"
                    + " got '" + delimiter + "'");
        }
        return delimiter.charAt(0);
    }

    private void summary(DatasetManifest m, PrintWriter out) {
        long training = m.shards().stream().mapToLong(DatasetManifest.FileRows::rows).sum();
        out.printf("prepared %s: d %d, k %d, %d training rows in %d shards, %d validation rows, in %s%n",
                m.sourceFile(), m.d(), m.k(), training, m.shards().size(), m.validation().rows(), output);
        out.printf("labels: %s%n", String.join(", ", m.labelNames()));
        out.flush();
    }
}
