package mlptrainer.prepare;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import mlptrainer.data.DataException;

/**
 * Lines of a text stream with their 1-based numbers, each at most {@link #MAX_LINE_CHARS} characters, so
 * a file without line breaks cannot fill the heap. Ends "\n", "\r\n" and a last line without one; a
 * leading byte-order mark is dropped. The reader must replace bytes that are not UTF-8 with U+FFFD: a line
 * holding that character is an error naming the line (so a file may not hold U+FFFD itself). Not
 * thread-safe.
 */
final class LineReader implements Closeable {
    /** The longest line read; longer ones are an error naming the line. */
    static final int MAX_LINE_CHARS = 1 << 22;
    private final Reader in;
    private final String name;
    private final char[] buffer = new char[1 << 15];
    private final StringBuilder line = new StringBuilder(256);
    private int pos;
    private int end;
    private long number;
    private boolean eof;

    /** @param name how messages name the file */
    LineReader(Reader in, String name) {
        this.in = in;
        this.name = name;
    }

    /** @return the next line without its end, or null at the end of the stream */
    String next() throws IOException, DataException {
        if (eof) {
            return null;
        }
        line.setLength(0);
        while (true) {
            if (pos == end && !fill()) {
                eof = true;
                return line.length() > 0 ? finish() : null;
            }
            int start = pos;
            while (pos < end && buffer[pos] != '\n') {
                pos++;
            }
            append(start, pos);
            if (pos < end) {
                pos++;
                return finish();
            }
        }
    }

    /** @return the number of the line {@link #next} returned last */
    long number() {
        return number;
    }

    private void append(int from, int to) throws DataException {
        if (line.length() + (to - from) > MAX_LINE_CHARS) {
            throw new DataException(name + ":" + (number + 1) + ": longer than " + MAX_LINE_CHARS
                    + " characters (is this a text file with line breaks?)");
        }
        line.append(buffer, from, to - from);
    }

    private String finish() throws DataException {
        number++;
        if (line.indexOf("\uFFFD") >= 0) {
            throw new DataException(name + ":" + number + ": not UTF-8 text");
        }
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        if (number == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
            line.deleteCharAt(0);
        }
        return line.toString();
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
