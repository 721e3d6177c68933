package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mlptrainer.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --log-format json writes one JSON object a line through logback's JsonEncoder, and a user's
 * -Dlogback.configurationFile decides instead of the programs' own set-up. The programs' set-up is
 * checked in a compute node's own JVM, whose class path lacks the tests' logback-test.xml.
 */
class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_TIMEOUT_S = 60;

    @TempDir
    Path tmp;

    @Test
    void theJsonFormatWritesOneObjectALineWithTheMessageLevelLoggerAndTime() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as the context SLF4J makes has
        LogSetup.configureInCode(context);
        assertTrue(LogSetup.useFormat(context, LogSetup.Format.json));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("mlptrainer.x.TrainingJob"),
                Level.WARN, "round {}/{}: \"quoted\"\nsecond line", new IllegalStateException("boom"),
                new Object[] {3, 15});
        String line = new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertEquals(1, line.split("\n", -1).length - 1, "one line, ended by a newline: " + line);
        JsonNode o = JSON.readTree(line);
        assertEquals("round 3/15: \"quoted\"\nsecond line", o.get("formattedMessage").asText());
        assertEquals("WARN", o.get("level").asText());
        assertEquals("mlptrainer.x.TrainingJob", o.get("loggerName").asText());
        assertEquals(event.getTimeStamp(), o.get("timestamp").asLong());
        assertTrue(o.get("throwable").toString().contains("boom"), line);
        context.stop();
    }

    @Test
    void aFormatIsNotForcedOnAConfigurationTheProgramsDidNotMake() {
        LoggerContext context = new LoggerContext();
        assertFalse(LogSetup.useFormat(context, LogSetup.Format.json));
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
    }

    @Test
    void aProgramStartedWithLogFormatJsonLogsOnlyJsonLines() throws Exception {
        List<String> lines = nodeLogUntilListening(List.of(), "--log-format", "json");
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            assertTrue(o.isObject() && o.hasNonNull("formattedMessage") && o.hasNonNull("timestamp"), line);
        }
        assertTrue(lines.get(lines.size() - 1).contains("listening on"), lines.toString());
    }

    @Test
    void theTextFormatDatesEveryLine() throws Exception {
        List<String> lines = nodeLogUntilListening(List.of());
        for (String line : lines) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ +\\w+ - .*"), line);
        }
    }

    @Test
    void aUsersConfigurationFileWinsOverTheProgramsOwnAndOverLogFormat() throws Exception {
        Path config = tmp.resolve("user-logback.xml");
        Files.writeString(config, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>USER %level %logger - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        List<String> lines = nodeLogUntilListening(List.of("-Dlogback.configurationFile=" + config),
                "--log-format", "json");
        for (String line : lines) {
            assertTrue(line.startsWith("USER "), line);
        }
    }

    /**
     * Starts a compute node in its own JVM with the main class path only (so the programs' own log
     * set-up runs), reads its stderr until it says where it listens, and stops it.
     *
     * @return the log lines up to the listening one, that one included
     */
    private List<String> nodeLogUntilListening(List<String> jvmOptions, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-cp", mainClassPath()));
        command.addAll(jvmOptions);
        command.addAll(List.of("mlptrainer.cli.ComputeNodeCommand", "0", "0.0", "--bind", TestCluster.HOST,
                "--data-root", tmp.toString()));
        command.addAll(Arrays.asList(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("LOG_LEVEL");
        Process p = pb.start();
        try {
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readUntilListening(p));
            return lines.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } finally {
            p.destroyForcibly();
            p.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    private static List<String> readUntilListening(Process p) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("WARNING: Using incubator modules")) {
                    continue; // the JVM's own line, not a log line
                }
                lines.add(line);
                if (line.contains("listening on")) {
                    return lines;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("the node ended before listening; its log: " + lines);
    }

    /** The test JVM's class path without the test classes, whose logback-test.xml would set logging up instead. */
    private static String mainClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
