package mlptrainer.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the servers' per-task INFO logs out of the benchmark output. */
final class Quiet {
    private Quiet() {
    }

    static void logs() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }
}
