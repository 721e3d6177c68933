package mlptrainer.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import mlptrainer.Version;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a picocli command with the project's conventions: a parse error prints one line (with
 * picocli's nearest names when an option or program is mistyped) and the usage hint (exit 2); a
 * {@link UserException} prints its one-line message (its exit code); any other exception prints
 * one line naming it (exit 1), with the stack trace only under -v.
 */
public final class Cli {
    private Cli() {
    }

    /** Parses and runs, returning the exit code; does not call System.exit (tests call this). */
    public static int run(Callable<Integer> command, String... args) {
        return commandLine(command).execute(args);
    }

    /** Like {@link #run(Callable, String...)}, with the command's output and errors going to the given writers. */
    public static int run(Callable<Integer> command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /**
     * Runs and exits the JVM with the command's exit code. Logging's set-up (logback's classes and
     * configuration, about 0.05 s) runs on another thread while picocli reads the command's
     * annotations (about 0.1 s), and is finished before the command runs: nothing logs earlier.
     */
    public static void main(Callable<Integer> command, String... args) {
        Thread logging = new Thread(LoggerFactory::getILoggerFactory, "logging-setup");
        logging.setDaemon(true);
        logging.start();
        CommandLine cl = commandLine(command);
        joinQuietly(logging);
        System.exit(cl.execute(args));
    }

    /** The command read by picocli, with the project's handlers for parse and execution errors. */
    private static CommandLine commandLine(Callable<Integer> command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler(Cli::onParameterError);
        cl.setExecutionExceptionHandler((e, line, parsed) -> onExecutionError(e, line));
        return cl;
    }

    /** Waits for the thread; an interrupt ends the wait early and stays set. */
    static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int onParameterError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        ParameterException shown = unknownOption(cl, args).orElse(e);
        err.println(cl.getCommandName() + ": " + shown.getMessage() + suggestion(shown));
        err.println("Try '" + cl.getCommandName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * A mistyped option is the likeliest cause of any parse error it comes with (picocli may first
     * report the parameters it left missing), so it is the one reported.
     *
     * @return the first argument that looks like an option the command does not have, as picocli's error
     */
    private static Optional<ParameterException> unknownOption(CommandLine cl, String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.matches("--[A-Za-z][-A-Za-z0-9]*|-[A-Za-z]") && cl.getCommandSpec().findOption(name) == null
                    && !cl.getSubcommands().containsKey(name)) {
                return Optional.of(new UnmatchedArgumentException(cl, List.of(arg)));
            }
        }
        return Optional.empty();
    }

    /** @return "; did you mean --x?" for a mistyped option or subcommand picocli can match, else "" */
    private static String suggestion(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched)) {
            return "";
        }
        List<String> near = unmatched.getSuggestions();
        return near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near.subList(0, Math.min(3, near.size())))
                + "?";
    }

    private static int onExecutionError(Exception e, CommandLine line) {
        PrintWriter err = line.getErr();
        boolean verbose = verbosity(line) > 0;
        if (e instanceof UserException ue) {
            err.println(line.getCommandName() + ": " + ue.getMessage());
            if (verbose && ue.getCause() != null) {
                ue.getCause().printStackTrace(err);
            }
            err.flush();
            return ue.exitCode();
        }
        err.println(line.getCommandName() + ": unexpected error: " + e
                + (verbose ? "" : " (run with -v for details)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    private static int verbosity(CommandLine line) {
        Object mixin = line.getMixins().get("verbosity");
        return mixin instanceof VerbosityMixin v ? v.level() : 0;
    }

    /** Supplies --version from the Maven project version. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mlp-trainer " + Version.get() + " (Java " + Runtime.version() + ")"};
        }
    }
}
