package mlptrainer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Tells a text file from a binary one (an image, an archive) given where a text file is expected,
 * so that the user reads "x.png is not a text data file (binary content at byte 1)" rather than a
 * decoder's "Input length = 1". Looks at the first {@link #SNIFF_BYTES} bytes only. Stateless and
 * thread-safe.
 */
final class TextFiles {
    /** How much of a file is looked at: a binary format shows itself in its header. */
    static final int SNIFF_BYTES = 64 * 1024;

    private TextFiles() {
    }

    /**
     * @param what what the file should be, for the message ("a text data file")
     * @throws UserException (usage) when the file's start is not UTF-8 text; a file that cannot be
     *                       opened passes, for its reader to name the problem
     */
    static void requireText(Path file, String what) {
        OptionalLong at = firstBinaryByte(file);
        if (at.isPresent()) {
            throw new UserException(ExitCodes.USAGE, file + " is not " + what + " (binary content at byte "
                    + (at.getAsLong() + 1) + ")");
        }
    }

    /** @return the 0-based offset of the first byte that text does not hold, or empty when there is none */
    static OptionalLong firstBinaryByte(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return firstBinaryByte(head, head.length == SNIFF_BYTES);
    }

    /**
     * Control characters other than tab, line feed, form feed and carriage return, and bytes that
     * are not UTF-8, are binary.
     *
     * @param truncated whether {@code head} is a prefix: a UTF-8 sequence cut at its end is then fine
     */
    static OptionalLong firstBinaryByte(byte[] head, boolean truncated) {
        int control = 0;
        while (control < head.length && !isControl(head[control] & 0xff)) {
            control++;
        }
        OptionalLong malformed = malformedBefore(head, control, truncated);
        if (malformed.isPresent() || control == head.length) {
            return malformed;
        }
        return OptionalLong.of(control);
    }

    private static boolean isControl(int b) {
        return (b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7f;
    }

    /** @return the offset of the first byte before {@code end} that is not valid UTF-8, if any */
    private static OptionalLong malformedBefore(byte[] head, int end, boolean truncated) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head, 0, end);
        CharBuffer out = CharBuffer.allocate(end + 1);
        CoderResult r = decoder.decode(in, out, !(truncated && end == head.length));
        if (r.isError()) {
            return OptionalLong.of(in.position());
        }
        return OptionalLong.empty();
    }
}
