package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The logging configuration every program gets (LogSetup replaced logback.xml). */
class LogSetupTest {

    @Test
    void logsToStderrInTheOneLineFormatAtTheEnvironmentsLevelWithThriftSilenced() {
        LoggerContext context = new LoggerContext();
        LogSetup.configureInCode(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.toLevel(System.getenv("LOG_LEVEL"), Level.INFO), root.getLevel());
        assertEquals(Level.OFF, context.getLogger("org.apache.thrift.server.TThreadPoolServer").getEffectiveLevel());
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        assertEquals("System.err", stderr.getTarget());
        Logger job = context.getLogger("mlptrainer.coordinator.TrainingJob");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), job, Level.INFO, "round {}/{}: done", null,
                new Object[] {3, 15});
        String line = new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  TrainingJob - round 3/15: done\\R"),
                line);
        context.stop();
    }

    @Test
    void stepsAsideForTheTestsOwnXmlFile() {
        // this test's class path holds src/test/resources/logback-test.xml
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context));
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext(),
                "nothing configured when stepping aside");
    }
}
