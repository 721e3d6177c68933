package mlptrainer.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.concurrent.Callable;
import mlptrainer.data.SyntheticData;
import mlptrainer.letters.DataSplit;
import mlptrainer.letters.DatasetGenerator;
import mlptrainer.letters.LetterFiles;
import mlptrainer.letters.LettersInputException;
import mlptrainer.letters.ShardSplit;
import mlptrainer.letters.UciConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code letters}: makes the letter data set ({@code generate}) and converts the original UCI file to our
 * files ({@code split}) and back ({@code convert}). Bad arguments and bad input files end with one line
 * naming the problem (the file and line for a bad row) and exit code 2; nothing prints a stack trace unless -v.
 */
@Command(name = "letters", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Make the letter-recognition data set, or convert the original UCI one.",
        subcommands = {LettersCommand.Generate.class, LettersCommand.Split.class, LettersCommand.Convert.class,
            LettersCommand.Synthetic.class})
public final class LettersCommand implements Callable<Integer> {
    /** The seed of the committed data set in letters/. */
    public static final long DEFAULT_SEED = 1991;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        Cli.main(new LettersCommand(), args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: generate, split, convert or synthetic");
    }

    /** Runs {@code body}, turning bad input and I/O failures into one-line {@link UserException}s. */
    private static int guarded(IoBody body) {
        try {
            body.run();
            return ExitCodes.OK;
        } catch (LettersInputException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new UserException(ExitCodes.USAGE, "no such file or directory: " + e.getFile(), e);
        } catch (AccessDeniedException e) {
            throw new UserException(ExitCodes.USAGE, "permission denied: " + e.getFile(), e);
        } catch (FileAlreadyExistsException e) {
            throw new UserException(ExitCodes.USAGE, e.getFile() + " exists and is not a directory", e);
        } catch (FileSystemException e) {
            // a path the user gave is unusable: a file where a directory should be, and the like
            throw new UserException(ExitCodes.USAGE, e.getFile() + ": " + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "")), e);
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILED, "I/O error: " + e, e);
        }
    }

    private static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", got " + value);
        }
    }

    @FunctionalInterface
    private interface IoBody {
        void run() throws IOException;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = {"Generate the data set: draw random distorted capitals and write their 16 attributes.",
                "The output depends only on the options (not on --threads or the machine)."})
    static final class Generate implements Callable<Integer> {
        @Mixin(name = "verbosity")
        VerbosityMixin verbosity;
        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--output"}, defaultValue = "letters",
                description = "Directory to write the files to (created if missing). Default: ${DEFAULT-VALUE}.")
        Path output;
        @Option(names = "--shards", defaultValue = "11",
                description = "Number of training files train_letters1..N.txt. Default: ${DEFAULT-VALUE}.")
        int shards;
        @Option(names = "--rows", defaultValue = "1500",
                description = "Rows in each training file. Default: ${DEFAULT-VALUE}.")
        long rows;
        @Option(names = "--validation-rows", defaultValue = "3500",
                description = "Rows in validate_letters.txt. Default: ${DEFAULT-VALUE}.")
        long validationRows;
        @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED,
                description = "Seed of the random letters; same seed, same bytes. Default: ${DEFAULT-VALUE}.")
        long seed;
        @Option(names = "--threads",
                description = "Threads to use (does not change the output). Default: all processors.")
        Integer threads;

        @Override
        public Integer call() {
            verbosity.apply();
            atLeast(spec, "--shards", shards, 1);
            atLeast(spec, "--rows", rows, 1);
            atLeast(spec, "--validation-rows", validationRows, 1);
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            atLeast(spec, "--threads", t, 1);
            DatasetGenerator.Options o = new DatasetGenerator.Options(output, shards, rows, validationRows, seed, t);
            int code = guarded(() -> new DatasetGenerator(o).generate());
            spec.commandLine().getOut().printf("wrote %d training files of %d rows and %s (%d rows) to %s%n",
                    shards, rows, LetterFiles.VALIDATION, validationRows, output);
            return code;
        }
    }

    @Command(name = "split", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = {"Split the original UCI letter-recognition.data, or the training rows of a directory of our",
                "files, into training files, evenly (the default) or not independently and identically",
                "distributed (non-IID) for experiments. Without --shuffle-seed the file's order is kept: the",
                "defaults then give the course's split (rows 1-16500 in 11 files of 1500, rows 16501-20000 for",
                "validation). A directory's validate_letters.txt is copied unchanged. Every row goes to exactly",
                "one shard and no shard is empty; same options, same bytes."})
    static final class Split implements Callable<Integer> {
        @Mixin(name = "verbosity")
        VerbosityMixin verbosity;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "INPUT",
                description = {"The original's data file (letter A..Z, then 16 integers, per line), or a directory",
                    "with train_letters*.txt and validate_letters.txt in our format."})
        Path input;
        @Option(names = {"-o", "--output"}, defaultValue = "letters-uci",
                description = "Directory to write the files to (created if missing). Default: ${DEFAULT-VALUE}.")
        Path output;
        @Option(names = "--shards", defaultValue = "11",
                description = "Number of training files. Default: ${DEFAULT-VALUE}.")
        int shards;
        @Option(names = "--validation-rows", paramLabel = "N",
                description = {"Rows, the UCI file's last ones, for validate_letters.txt (not for a directory).",
                    "Default: 3500."})
        Integer validationRows;
        @Option(names = "--mode", defaultValue = "shuffled", paramLabel = "MODE",
                description = {"shuffled: equal runs of the rows (in order, or shuffled with --shuffle-seed);",
                    "dirichlet: each label's rows go to the shards in proportions drawn from a",
                    "Dirichlet(--alpha) distribution (shard sizes differ); labels: each shard holds",
                    "--labels-per-shard labels. Default: ${DEFAULT-VALUE}."})
        String mode;
        @Option(names = "--shuffle-seed", paramLabel = "N",
                description = {"Shuffle the rows with this seed before splitting (--mode shuffled).",
                    "Default: keep the order."})
        Long shuffleSeed;
        @Option(names = "--seed", paramLabel = "N",
                description = "Seed of the draws of --mode dirichlet and labels. Default: 1.")
        Long seed;
        @Option(names = "--alpha", paramLabel = "A",
                description = {"Dirichlet concentration, > 0 (--mode dirichlet, required): 0.1 puts each label on",
                    "few shards, 100 is close to the shuffled split."})
        Double alpha;
        @Option(names = "--labels-per-shard", paramLabel = "L",
                description = "1 or 2: labels each shard holds (--mode labels, required).")
        Integer labelsPerShard;

        @Override
        public Integer call() {
            verbosity.apply();
            ShardSplit.Options options = options();
            int[][] sizes = new int[1][];
            int code = guarded(() -> sizes[0] = DataSplit.split(input, output, validationRows(), options));
            IntSummaryStatistics rows = Arrays.stream(sizes[0]).summaryStatistics();
            spec.commandLine().getOut().printf("wrote %d training files (%d to %d rows) and %s to %s%n",
                    shards, rows.getMin(), rows.getMax(), LetterFiles.VALIDATION, output);
            return code;
        }

        /** @return the validation rows for a UCI file (3500 unless given); null for a directory */
        private Integer validationRows() {
            if (validationRows != null) {
                atLeast(spec, "--validation-rows", validationRows, 1);
                return validationRows;
            }
            return Files.isDirectory(input) ? null : 3500;
        }

        private ShardSplit.Options options() {
            atLeast(spec, "--shards", shards, 1);
            ShardSplit.Mode m = mode();
            onlyWith(m == ShardSplit.Mode.SHUFFLED, "--shuffle-seed", shuffleSeed, "shuffled");
            onlyWith(m != ShardSplit.Mode.SHUFFLED, "--seed", seed, "dirichlet or labels");
            onlyWith(m == ShardSplit.Mode.DIRICHLET, "--alpha", alpha, "dirichlet");
            onlyWith(m == ShardSplit.Mode.LABELS, "--labels-per-shard", labelsPerShard, "labels");
            if (m == ShardSplit.Mode.DIRICHLET && alpha == null) {
                throw Args.usage("--mode dirichlet needs --alpha A (A > 0)");
            }
            if (m == ShardSplit.Mode.LABELS && labelsPerShard == null) {
                throw Args.usage("--mode labels needs --labels-per-shard 1 or 2");
            }
            try {
                Long draws = m == ShardSplit.Mode.SHUFFLED ? shuffleSeed : Long.valueOf(seed == null ? 1L : seed);
                return new ShardSplit.Options(m, shards, draws, alpha == null ? 0 : alpha,
                        labelsPerShard == null ? 0 : labelsPerShard);
            } catch (IllegalArgumentException e) {
                throw Args.usage(e.getMessage());
            }
        }

        private ShardSplit.Mode mode() {
            for (ShardSplit.Mode m : ShardSplit.Mode.values()) {
                if (ShardSplit.name(m).equals(mode)) {
                    return m;
                }
            }
            throw Args.usage("--mode must be shuffled, dirichlet or labels, got '"
                    + mode + "'");
        }

        /** Refuses an option the chosen mode would ignore. */
        private void onlyWith(boolean allowed, String option, Object value, String modes) {
            if (!allowed && value != null) {
                throw Args.usage(option + " is for --mode " + modes + ", not --mode "
                        + mode);
            }
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "Convert our files back to the original UCI format (letter first, then the 16 attributes).")
    static final class Convert implements Callable<Integer> {
        @Mixin(name = "verbosity")
        VerbosityMixin verbosity;
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "INPUT",
                description = {"Files in our format, or directories: a directory stands for its",
                    "train_letters*.txt in shard order, then its validate_letters.txt."})
        List<Path> inputs;
        @Option(names = {"-o", "--output"}, defaultValue = "letter-recognition.data",
                description = "The UCI-format file to write (replaced if it exists). Default: ${DEFAULT-VALUE}.")
        Path output;

        @Override
        public Integer call() {
            verbosity.apply();
            long[] rows = new long[1];
            int code = guarded(() -> rows[0] = UciConverter.toUci(inputs, output));
            spec.commandLine().getOut().printf("wrote %d rows to %s%n", rows[0], output);
            return code;
        }
    }

    @Command(name = "synthetic", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = {"Write a small synthetic data set, the tests' kind: integer features 0..15 around a",
                "centre per class, easy to learn; for fault drills and quick checks. Same options, same bytes."})
    static final class Synthetic implements Callable<Integer> {
        @Mixin(name = "verbosity")
        VerbosityMixin verbosity;
        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--output"}, required = true,
                description = "Directory to write the files to (created if missing).")
        Path output;
        @Option(names = "--shards", defaultValue = "4",
                description = "Number of training files train_letters1..N.txt. Default: ${DEFAULT-VALUE}.")
        int shards;
        @Option(names = "--rows", defaultValue = "60",
                description = "Rows in each file, validate_letters.txt too. Default: ${DEFAULT-VALUE}.")
        int rows;
        @Option(names = "--features", defaultValue = "5",
                description = "Features per row. Default: ${DEFAULT-VALUE}.")
        int features;
        @Option(names = "--k", defaultValue = "3",
                description = "Classes: labels lie in 0..k-1. Default: ${DEFAULT-VALUE}.")
        int k;
        @Option(names = "--seed", defaultValue = "42",
                description = "Seed; same seed, same bytes. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public Integer call() {
            verbosity.apply();
            atLeast(spec, "--shards", shards, 1);
            atLeast(spec, "--rows", rows, 1);
            atLeast(spec, "--features", features, 1);
            atLeast(spec, "--k", k, 2);
            int code = guarded(() -> SyntheticData.writeClustered(output, shards, rows, features, k, seed));
            spec.commandLine().getOut().printf("wrote %d training files of %d rows and %s (%d rows) to %s%n",
                    shards, rows, LetterFiles.VALIDATION, rows, output);
            return code;
        }
    }
}
