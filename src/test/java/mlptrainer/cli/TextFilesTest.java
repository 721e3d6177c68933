package mlptrainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What counts as binary where a text file is expected. */
class TextFilesTest {
    private static OptionalLong binaryAt(String text) {
        return TextFiles.firstBinaryByte(text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void textWithTabsCrLfAndUtf8IsText() {
        assertEquals(OptionalLong.empty(), binaryAt("1,2,3\r\n# café\t\f4,5,6\n"));
    }

    @Test
    void theFirstControlByteOrBadUtf8ByteIsReported() {
        assertEquals(OptionalLong.of(4), binaryAt("1,2,\u0000,3"));
        byte[] latin1 = {'1', ',', (byte) 0xe9, ',', 0};
        assertEquals(OptionalLong.of(2), TextFiles.firstBinaryByte(latin1, false));
    }

    @Test
    void aUtf8SequenceCutByTheEndOfAPrefixIsText() {
        byte[] cut = {'a', (byte) 0xc3};
        assertEquals(OptionalLong.empty(), TextFiles.firstBinaryByte(cut, true));
        assertEquals(OptionalLong.of(1), TextFiles.firstBinaryByte(cut, false));
    }
}
