package mlptrainer.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * The one place logging is configured, in code: logback finds this class through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator} before it looks for an XML
 * file. Reading logback.xml took about 0.18 s of the client's start (about 500 classes of the XML
 * configurator loaded at the JIT's first tier, measured from class-load times): about a third of it.
 *
 * <p>What it sets: one appender on stderr, "HH:mm:ss.SSS LEVEL Logger - message" ({@link
 * LineLayout}); the root level from the environment variable LOG_LEVEL (INFO when unset or not a
 * level), which the {@code -v} and {@code -q} options of every program change at run time
 * ({@link VerbosityMixin}); libthrift silenced, since it logs every dropped connection with a
 * stack trace where ours say it in one line; logback's own status messages off. When the class path holds a logback-test.xml (the
 * tests'), it steps aside and logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureInCode(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The configuration itself, whatever the class path holds. */
    static void configureInCode(LoggerContext context) {
        context.getStatusManager().add(new NopStatusListener());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("LOG_LEVEL"), Level.INFO));
        root.addAppender(stderr(context));
        context.getLogger("org.apache.thrift").setLevel(Level.OFF);
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context) {
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
