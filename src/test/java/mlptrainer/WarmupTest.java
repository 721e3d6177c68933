package mlptrainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The warm-ups' common frame: the one "warm-up: done" line scripts wait for, whatever the warm-up meets. */
class WarmupTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(Warmup.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO); // tests log warnings only by default
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
        logger.setLevel(levelBefore);
    }

    @Test
    void aFinishedWarmupLogsOneDoneLineWithWhatItDid() {
        Warmup.runLogged(() -> "3 tasks");

        List<String> info = infoLines();
        assertEquals(1, info.size(), info.toString());
        assertTrue(info.get(0).matches("warm-up: done in \\d+ ms \\(3 tasks\\)"), info.get(0));
    }

    @Test
    void aFailedWarmupIsContainedAndStillLogsTheDoneLine() {
        Warmup.runLogged(() -> {
            throw new IllegalStateException("disk full");
        });

        List<String> info = infoLines();
        assertEquals(1, info.size(), info.toString());
        assertTrue(info.get(0).startsWith("warm-up: done in "), info.get(0));
        assertTrue(info.get(0).contains("stopped early: java.lang.IllegalStateException: disk full"), info.get(0));
    }

    @Test
    void startsOncePerFlag() {
        AtomicBoolean started = new AtomicBoolean();

        assertTrue(Warmup.startOnce(started, "warm-up-test", () -> "nothing"));
        assertFalse(Warmup.startOnce(started, "warm-up-test", () -> "nothing"));
    }

    /**
     * The INFO lines logged by this thread: runLogged runs the warm-up on its caller, while the
     * thread that startsOncePerFlag starts may log its own line whenever it gets to run.
     */
    private List<String> infoLines() {
        String self = Thread.currentThread().getName();
        List<ILoggingEvent> all;
        synchronized (events) { // the lock doAppend holds: another thread may be appending
            all = List.copyOf(events.list);
        }
        return all.stream().filter(e -> e.getLevel() == Level.INFO && self.equals(e.getThreadName()))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
