package mlptrainer.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.nio.file.Path;

/**
 * The one place logging is configured, in code: logback finds this class through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator} before it looks for an XML
 * file. Reading logback.xml took about 0.18 s of the client's start (about 500 classes of the XML
 * configurator loaded at the JIT's first tier, measured from class-load times): about a third of it.
 *
 * <p>What it sets: one appender on stderr, "yyyy-MM-dd HH:mm:ss.SSS LEVEL Logger - message" ({@link
 * LineLayout}); the root level from the environment variable LOG_LEVEL (INFO when unset or not a
 * level), which the {@code -v} and {@code -q} options of every program change at run time
 * ({@link VerbosityMixin}); libthrift silenced, since it logs every dropped connection with a
 * stack trace where ours say it in one line; logback's own status messages off. When the class path holds a logback-test.xml (the
 * tests'), or the system property {@value #CONFIG_FILE_PROPERTY} names a file, it steps aside and
 * logback reads that file as usual: a user's configuration always wins. {@link #useFormat} switches
 * the appender it made to one JSON object a line ({@code --log-format json}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** The system property naming a user's logback configuration file, as logback reads it. */
    public static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";
    /** Marks a context this class configured: only then may {@link #useFormat} change its appender. */
    private static final String CONFIGURED_HERE = LogSetup.class.getName();
    private static final String APPENDER = "STDERR";

    /** How log lines are written: the values of {@code --log-format}. */
    public enum Format {
        /** "yyyy-MM-dd HH:mm:ss.SSS LEVEL Logger - message", for people. */
        text,
        /** One JSON object a line (logback's JsonEncoder), for log collectors. */
        json
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogSetup.class.getClassLoader().getResource("logback-test.xml") != null
                || System.getProperty(CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureInCode(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The configuration itself, whatever the class path holds. */
    static void configureInCode(LoggerContext context) {
        context.putObject(CONFIGURED_HERE, Boolean.TRUE);
        context.getStatusManager().add(new NopStatusListener());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("LOG_LEVEL"), Level.INFO));
        root.addAppender(stderr(context));
        context.getLogger("org.apache.thrift").setLevel(Level.OFF);
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, Format.text));
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        if (format == Format.json) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // the line's own text once, without logback's internals (context, sequence and nanoseconds)
            json.setWithContext(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /**
     * Writes the log lines of the configuration made here in {@code format} from now on. A
     * configuration read from a user's file is left as it is: the file says how lines look.
     *
     * @return false when a user's configuration is in force (nothing changed)
     */
    static boolean useFormat(LoggerContext context, Format format) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (context.getObject(CONFIGURED_HERE) == null
                || !(root.getAppender(APPENDER) instanceof ConsoleAppender<ILoggingEvent> appender)) {
            return false;
        }
        appender.stop();
        appender.setEncoder(encoder(context, format));
        appender.start();
        return true;
    }

    /**
     * Sends the log lines of the configuration made here to {@code file} (appended) instead of
     * stderr, except those of the loggers named in {@code keptOnStderr} (and below them), which stay
     * on stderr only: one JVM that runs servers and a client keeps the servers' lines in a file, as
     * separate processes do, and shows the client's. A user's configuration is left as it is.
     *
     * @return false when a user's configuration is in force (nothing changed)
     */
    static boolean divert(LoggerContext context, Path file, String... keptOnStderr) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> stderr = root.getAppender(APPENDER);
        if (context.getObject(CONFIGURED_HERE) == null || stderr == null) {
            return false;
        }
        FileAppender<ILoggingEvent> toFile = new FileAppender<>();
        toFile.setContext(context);
        toFile.setName("FILE");
        toFile.setFile(file.toString());
        toFile.setEncoder(encoder(context, Format.text));
        toFile.start();
        for (String name : keptOnStderr) {
            Logger kept = context.getLogger(name);
            kept.addAppender(stderr);
            kept.setAdditive(false);
        }
        root.detachAppender(stderr);
        root.addAppender(toFile);
        return true;
    }
}
