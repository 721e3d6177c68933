package mlptrainer.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import mlptrainer.data.SyntheticData;
import mlptrainer.letters.DatasetGenerator;
import mlptrainer.letters.LetterFiles;
import mlptrainer.letters.LettersInputException;
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
            description = {"Split the original UCI letter-recognition.data into training files and a validation file.",
                "Without --shuffle-seed the file's order is kept: the defaults then give the course's split",
                "(rows 1-16500 in 11 files of 1500, rows 16501-20000 for validation)."})
    static final class Split implements Callable<Integer> {
        @Mixin(name = "verbosity")
        VerbosityMixin verbosity;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "UCI_FILE",
                description = "The original's data file (letter A..Z, then 16 integers, per line).")
        Path input;
        @Option(names = {"-o", "--output"}, defaultValue = "letters-uci",
                description = "Directory to write the files to (created if missing). Default: ${DEFAULT-VALUE}.")
        Path output;
        @Option(names = "--shards", defaultValue = "11",
                description = "Number of training files; the rows are divided evenly. Default: ${DEFAULT-VALUE}.")
        int shards;
        @Option(names = "--validation-rows", defaultValue = "3500",
                description = "Rows, the file's last ones, for validate_letters.txt. Default: ${DEFAULT-VALUE}.")
        int validationRows;
        @Option(names = "--shuffle-seed",
                description = "Shuffle the rows with this seed before splitting. Default: keep the file's order.")
        Long shuffleSeed;

        @Override
        public Integer call() {
            verbosity.apply();
            atLeast(spec, "--shards", shards, 1);
            atLeast(spec, "--validation-rows", validationRows, 1);
            int code = guarded(() -> UciConverter.split(input, output, shards, validationRows, shuffleSeed));
            spec.commandLine().getOut().printf("wrote %d training files and %s to %s%n",
                    shards, LetterFiles.VALIDATION, output);
            return code;
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
