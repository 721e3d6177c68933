package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import mlptrainer.model.MlpWeights;
import org.junit.jupiter.api.Test;

/** Both wire forms of the weights: the original's lists of rows and the packed doubles. */
class WireWeightsTest {
    private static final int D = 3;
    private static final int H = 2;
    private static final int K = 4;

    /** Values that tell the bits apart: signed zeros, a subnormal, extremes and ordinary numbers. */
    private static MlpWeights awkward() {
        double[] specials = {-0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1.0 / 3, -2.5e-300, 7.0, Math.PI};
        double[] w = new double[(D + 1) * H];
        double[] v = new double[(H + 1) * K];
        for (int i = 0; i < w.length; i++) {
            w[i] = specials[i % specials.length];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = specials[(i + 3) % specials.length] / (i + 1);
        }
        return new MlpWeights(D, H, K, w, v);
    }

    @Test
    void packedRoundTripKeepsEveryBitAndInfersD() {
        MlpWeights m = awkward();
        MlpWeights back = WireWeights.unpack(WireWeights.pack(m), H, K);
        assertEquals(D, back.inputs());
        assertBitsEqual(m, back);
    }

    @Test
    void packedAndListFormsCarryTheSameValuesInTheSameOrder() {
        MlpWeights m = awkward();
        ByteBuffer packed = WireWeights.pack(m);
        assertEquals(8 * ((H + 1) * K + (D + 1) * H), packed.remaining());
        assertEquals(Double.doubleToRawLongBits(m.v()[0]), Double.doubleToRawLongBits(packed.getDouble(0)));
        assertEquals((double) WireWeights.toWire(m).getW().get(D).get(H - 1),
                packed.getDouble(packed.limit() - 8), "the last value is W's last row's last");
        assertBitsEqual(WireWeights.fromWire(WireWeights.toWire(m), H, K), WireWeights.unpack(packed, H, K));
    }

    @Test
    void unpackReadsFromTheBuffersPositionWithoutMovingIt() {
        MlpWeights m = awkward();
        ByteBuffer packed = WireWeights.pack(m);
        ByteBuffer shifted = ByteBuffer.allocate(packed.capacity() + 5);
        shifted.position(5);
        shifted.put(packed.duplicate());
        shifted.position(5);
        assertBitsEqual(m, WireWeights.unpack(shifted, H, K));
        assertEquals(5, shifted.position());
    }

    @Test
    void wrongSizesAndNonFiniteValuesAreRefusedWithTheirNumbers() {
        ByteBuffer good = WireWeights.pack(awkward());
        String partial = assertThrows(IllegalArgumentException.class,
                () -> WireWeights.unpack(ByteBuffer.wrap(new byte[good.remaining() - 1]), H, K)).getMessage();
        assertEquals((good.remaining() - 1) + " bytes, expected 8 x ((h+1) x k + (d+1) x h) with h=2, k=4 and some d >= 1",
                partial);
        // V alone and one row of W: d would be 0
        int tooFew = 8 * ((H + 1) * K + H);
        assertRefused(ByteBuffer.allocate(tooFew), H, K, tooFew + " bytes, expected");
        // a W that is not whole rows of h
        assertRefused(ByteBuffer.allocate(tooFew + 8 * 3), H, K, (tooFew + 24) + " bytes, expected");
        assertRefused(null, H, K, "missing");
        assertRefused(good, 0, K, "h and k must be >= 1, got h=0 k=4");
        // (h + 1) * k beyond int: a size error, not an overflowed array size
        assertRefused(ByteBuffer.allocate(0), Integer.MAX_VALUE, Integer.MAX_VALUE, "0 bytes, expected");

        ByteBuffer infinite = WireWeights.pack(awkward());
        infinite.putDouble(infinite.limit() - 8 * 3, Double.POSITIVE_INFINITY); // W[2][1] with h = 2
        String message = assertThrows(IllegalArgumentException.class, () -> WireWeights.unpack(infinite, H, K))
                .getMessage();
        assertEquals("W[2][1] is Infinity, not a finite number", message);
    }

    private static void assertRefused(ByteBuffer packed, int h, int k, String expected) {
        String message = assertThrows(IllegalArgumentException.class, () -> WireWeights.unpack(packed, h, k))
                .getMessage();
        assertTrue(message.startsWith(expected), message);
    }

    private static void assertBitsEqual(MlpWeights expected, MlpWeights actual) {
        assertArrayEquals(bits(expected.v()), bits(actual.v()));
        assertArrayEquals(bits(expected.w()), bits(actual.w()));
    }

    private static long[] bits(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.doubleToRawLongBits(values[i]);
        }
        return out;
    }
}
