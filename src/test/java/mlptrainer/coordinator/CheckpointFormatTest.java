package mlptrainer.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import mlptrainer.model.MlpWeights;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint file format is the project's own and stays readable: a version 1 file written
 * before the format stopped depending on the RPC's types still reads, the same checkpoint is
 * written byte for byte as then, and another version is refused naming both versions.
 */
class CheckpointFormatTest {
    /**
     * Written by the coordinator whose checkpoints held the RPC's RoundStat (commit 186f572): request
     * ("d", 4 rounds, 5 epochs, h 2, k 2, eta 0.1, settings a=b), data hash "abc", 2 rounds done,
     * last = initUniform(3, 2, 2, 5), best = initUniform(3, 2, 2, 6), best round 2 at 0.25, rounds
     * (1, 0.5, 0.4, 10 ms, 3 epochs) and (2, 0.25, 0.3, 12 ms, 4 epochs).
     */
    private static final String VERSION_1 = "00166d6c702d747261696e65722d636865636b706f696e74000000010001640000"
            + "00040000000500000002000000023fb999999999999a0000000100016100016200036162630000000200000003000000"
            + "0200000002bf72348eb13d356c3f754bc6112f36ccbf76ffde9a5e99dc3f81385c44ee4d193f7fa02d39b6ce2abf76c6"
            + "0c88b54cdf3f7f7284526afe7ebf53d5fe9e5ecee83f72e25a1818c894bf80dd6c6a5ffed8bf2d1607d22433c0bf4902"
            + "a726b28970bf50d7e124a781303f7032540f69aad00000000300000002000000023f4bab6a0d4a6f203f802cb6b99a73"
            + "c7bf83db6b72b3393f3f81bb71ac0377d33f396bc70f26dfa03f55ac22dd3ddab0bf532a4b826e37b03f840f2e96cf5c"
            + "533f72e7fcfd53d5263f5a17724e85ec483f76c65719dff5e4bf7f8a189fbaa5dfbf6a8c2d2d77c62e3f6d547949d6a3"
            + "cc000000023fd000000000000000000002000000013fe00000000000003fd999999999999a000000000000000a000000"
            + "03000000023fd00000000000003fd3333333333333000000000000000c00000004a028981b";

    private static Checkpoint expected() {
        return new Checkpoint(new JobSpec("d", 4, 5, 2, 2, 0.1, Map.of("a", "b"), false), "abc", 2,
                MlpWeights.initUniform(3, 2, 2, 5L), MlpWeights.initUniform(3, 2, 2, 6L), 2, 0.25,
                List.of(new RoundResult(1, 0.5, 0.4, 10, 3), new RoundResult(2, 0.25, 0.3, 12, 4)));
    }

    @Test
    void aVersion1CheckpointWrittenBeforeStillReadsWithEveryField() throws IOException {
        Checkpoint read = Checkpoint.fromBytes(HexFormat.of().parseHex(VERSION_1));
        Checkpoint want = expected();
        assertEquals(want.spec(), read.spec());
        assertEquals("abc", read.dataHash());
        assertEquals(2, read.roundsDone());
        assertArrayEquals(want.last().w(), read.last().w());
        assertArrayEquals(want.last().v(), read.last().v());
        assertArrayEquals(want.best().w(), read.best().w());
        assertArrayEquals(want.best().v(), read.best().v());
        assertEquals(2, read.bestRound());
        assertEquals(0.25, read.bestError());
        assertEquals(want.rounds(), read.rounds());
    }

    @Test
    void theSameCheckpointIsWrittenByteForByteAsBefore() {
        assertEquals(VERSION_1, HexFormat.of().formatHex(expected().toBytes()));
    }

    @Test
    void weightsOfSeveralChunksAreWrittenAsWriteDoubleWouldAndReadBack() throws IOException {
        MlpWeights last = MlpWeights.initUniform(40, 100, 26, 7L); // 4,100 and 2,626 values: several chunks
        Checkpoint c = new Checkpoint(new JobSpec("d", 4, 5, 100, 26, 0.1, Map.of(), false), "abc", 1, last,
                MlpWeights.initUniform(40, 100, 26, 8L), 1, 0.5, List.of(new RoundResult(1, 0.5, 0.4, 10, 3)));
        byte[] bytes = c.toBytes();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(plain);
        for (double x : last.w()) {
            out.writeDouble(x);
        }
        for (double x : last.v()) {
            out.writeDouble(x);
        }
        byte[] want = plain.toByteArray();
        int at = indexOf(bytes, want);
        assertTrue(at > 0, "the last model's weights are not in the checkpoint as writeDouble writes them");
        Checkpoint read = Checkpoint.fromBytes(bytes);
        assertArrayEquals(last.w(), read.last().w());
        assertArrayEquals(last.v(), read.last().v());
        assertArrayEquals(c.best().w(), read.best().w());
        assertArrayEquals(c.best().v(), read.best().v());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void anotherVersionIsRefusedNamingBothVersions() {
        byte[] bytes = HexFormat.of().parseHex(VERSION_1);
        int versionAt = 2 + "mlp-trainer-checkpoint".length(); // after writeUTF's length and the magic
        ByteBuffer.wrap(bytes).putInt(versionAt, 2);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        IOException e = assertThrows(IOException.class, () -> Checkpoint.fromBytes(bytes));
        assertEquals("a version 2 checkpoint; this coordinator reads version 1 only", e.getMessage());
    }
}
