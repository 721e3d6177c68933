package mlptrainer.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Writes an event as logback's PatternLayout does with {@link #EQUIVALENT_PATTERN}: one line, then
 * the stack trace of the event's throwable when it has one. Written out by hand because
 * PatternLayout registers about 60 converters as lambdas when its class loads, which with the rest
 * of it took about half of logging's set-up in every program's start (see docs/benchmarks.md).
 * Thread-safe (no state).
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
    /** The pattern whose output this layout reproduces (LineLayoutTest compares the two). */
    static final String EQUIVALENT_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    private static final long MILLIS_PER_DAY = 86_400_000L;

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        appendTimestamp(line, event.getTimeStamp());
        String level = event.getLevel().toString();
        line.append(' ').append(level);
        for (int pad = level.length(); pad < 5; pad++) {
            line.append(' ');
        }
        line.append(' ').append(simpleName(event.getLoggerName())).append(" - ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
        }
        return line.toString();
    }

    /**
     * yyyy-MM-dd HH:mm:ss.SSS of the epoch milliseconds in the default time zone (its offset at that
     * instant): the date too, so that lines of a coordinator running for days can be placed.
     */
    static void appendTimestamp(StringBuilder out, long epochMillis) {
        // java.time's offsets, as logback's date converter uses (java.util.TimeZone differs before 1900)
        int offsetSeconds = ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochMilli(epochMillis))
                .getTotalSeconds();
        long local = epochMillis + offsetSeconds * 1_000L;
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(local, MILLIS_PER_DAY));
        appendPadded(out, date.getYear(), 4).append('-');
        appendPadded(out, date.getMonthValue(), 2).append('-');
        appendPadded(out, date.getDayOfMonth(), 2).append(' ');
        int ms = (int) Math.floorMod(local, MILLIS_PER_DAY);
        appendPadded(out, ms / 3_600_000, 2).append(':');
        appendPadded(out, ms / 60_000 % 60, 2).append(':');
        appendPadded(out, ms / 1_000 % 60, 2).append('.');
        appendPadded(out, ms % 1_000, 3);
    }

    /** Appends a value below 10^digits with leading zeros to that many digits. */
    private static StringBuilder appendPadded(StringBuilder out, int value, int digits) {
        int power = 10;
        for (int zeros = digits - 1; zeros > 0; zeros--, power *= 10) {
            if (value < power) {
                out.append('0');
            }
        }
        return out.append(value);
    }

    /** What {@code %logger{0}} prints: the part after the last dot. */
    private static String simpleName(String loggerName) {
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
