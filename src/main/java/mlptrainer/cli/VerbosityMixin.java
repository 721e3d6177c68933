package mlptrainer.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The {@code -v} option shared by every entry point: each -v raises the log level one step
 * (INFO, DEBUG, TRACE) and makes error messages carry their causes; {@code -q} keeps only warnings;
 * {@code --log-format json} writes one JSON object a line instead of text ({@link LogSetup}).
 */
public final class VerbosityMixin {
    @Option(names = {"-v", "--verbose"},
            description = "More detail: -v shows DEBUG logs (each scheduling attempt) and error causes, -vv TRACE.")
    private boolean[] verbose = new boolean[0];

    @Option(names = {"-q", "--quiet"}, description = "Log warnings and errors only.")
    private boolean quiet;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
            description = "How log lines are written to stderr: text (dated lines) or json (one JSON object a line)."
                    + " A file named by -D" + LogSetup.CONFIG_FILE_PROPERTY + " decides instead."
                    + " Default: ${DEFAULT-VALUE}.")
    private LogSetup.Format logFormat = LogSetup.Format.text;

    /** @return how many times -v was given */
    public int level() {
        return verbose.length;
    }

    /**
     * Sets the root log level from -v / -q and the lines' format from --log-format; call once at the
     * start of a command.
     */
    public void apply() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (logFormat != LogSetup.Format.text && !LogSetup.useFormat(root.getLoggerContext(), logFormat)) {
            LoggerFactory.getLogger(VerbosityMixin.class).debug("--log-format {}: ignored, a logback configuration "
                    + "file decides how lines look", logFormat);
        }
        if (quiet) {
            root.setLevel(Level.WARN);
        } else if (verbose.length == 1) {
            root.setLevel(Level.DEBUG);
        } else if (verbose.length >= 2) {
            root.setLevel(Level.TRACE);
        }
    }
}
