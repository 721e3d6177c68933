package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LineLayout writes what logback's PatternLayout writes with the pattern it stands in for. */
class LineLayoutTest {
    private final LoggerContext context = new LoggerContext();
    private final PatternLayout pattern = new PatternLayout();
    private final LineLayout line = new LineLayout();
    private TimeZone savedZone;

    @BeforeEach
    void start() {
        savedZone = TimeZone.getDefault();
        pattern.setContext(context);
        pattern.setPattern(LineLayout.EQUIVALENT_PATTERN);
        pattern.start();
        line.setContext(context);
        line.start();
    }

    @AfterEach
    void stop() {
        TimeZone.setDefault(savedZone);
        context.stop();
    }

    @Test
    void everyLevelLoggerNameAndArgumentAsThePatternWritesThem() {
        List<String> loggers = List.of("mlptrainer.coordinator.TrainingJob", "Plain", Logger.ROOT_LOGGER_NAME,
                "a.b.C$Inner", "trailing.");
        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            for (String name : loggers) {
                assertSame(event(name, level, "round {}/{}: error {}", null, 3, 15, 0.2357), 1_700_000_000_123L);
            }
        }
        assertSame(event("x.Y", Level.INFO, "no arguments, braces {} kept", null), 0L);
    }

    @Test
    void aThrowablesStackTraceFollowsTheLineAsThePatternWritesIt() {
        IOException cause = new IOException("disk gone");
        RuntimeException thrown = new IllegalStateException("cannot save", cause);
        thrown.addSuppressed(new IllegalArgumentException("also this"));
        assertSame(event("mlptrainer.client.ModelFile", Level.WARN, "save failed: {}", thrown, "m.json"), 86_399_999L);
    }

    @Test
    void theTimeOfDayInSeveralZonesAtRandomInstantsIncludingBeforeNineteenSeventy() {
        Random random = new Random(7);
        for (String zone : List.of("UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Pacific/Apia")) {
            TimeZone.setDefault(TimeZone.getTimeZone(zone));
            restartPattern(); // logback reads the default zone when a layout starts
            for (int i = 0; i < 2_000; i++) {
                long instant = random.nextLong() % 4_000_000_000_000L;
                assertSame(event("z.Zone", Level.INFO, zone, null), instant);
            }
        }
    }

    private void restartPattern() {
        pattern.stop();
        pattern.start();
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown, Object... args) {
        return new LoggingEvent(Logger.class.getName(), context.getLogger(logger), level, message, thrown, args);
    }

    private void assertSame(LoggingEvent event, long epochMillis) {
        event.setTimeStamp(epochMillis);
        assertEquals(pattern.doLayout(event), line.doLayout(event), "at " + epochMillis);
    }
}
