package mlptrainer.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.gen.Weights;
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

    @Test
    void packedFormTakesTheSmallestWAndRefusesANonFiniteV() {
        MlpWeights one = new MlpWeights(1, H, K, new double[] {1, 2, 3, 4}, new double[(H + 1) * K]);
        MlpWeights back = WireWeights.unpack(WireWeights.pack(one), H, K);
        assertEquals(1, back.inputs());
        assertArrayEquals(new double[] {1, 2, 3, 4}, back.w());
        ByteBuffer nan = WireWeights.pack(one);
        nan.putDouble(8 * 5, Double.NaN); // V[1][1] with k = 4
        assertEquals("V[1][1] is NaN, not a finite number",
                assertThrows(IllegalArgumentException.class, () -> WireWeights.unpack(nan, H, K)).getMessage());
        assertRefused(WireWeights.pack(one), H, 0, "h and k must be >= 1, got h=2 k=0");
        // the smallest network: one hidden unit, one class
        MlpWeights tiny = new MlpWeights(1, 1, 1, new double[] {5, 6}, new double[] {7, 8});
        MlpWeights tinyBack = WireWeights.unpack(WireWeights.pack(tiny), 1, 1);
        assertArrayEquals(new double[] {5, 6}, tinyBack.w());
        assertArrayEquals(new double[] {7, 8}, tinyBack.v());
    }

    @Test
    void listFormRefusesMissingPartsAndWrongShapesNamingThem() {
        assertListRefused(null, "weights missing (V and W are required)");
        assertListRefused(new Weights(null, rows(D + 1, H)), "weights missing (V and W are required)");
        assertListRefused(new Weights(rows(H + 1, K), null), "weights missing (V and W are required)");
        assertListRefused(new Weights(rows(H + 1, K), rows(1, H)), "W must have d+1 >= 2 rows, got 1");
        assertListRefused(new Weights(rows(H + 1, K), rows(0, H)), "W must have d+1 >= 2 rows, got 0");
        assertListRefused(new Weights(rows(H, K), rows(D + 1, H)), "V must have 3 rows, got 2");
        assertListRefused(new Weights(rows(H + 1, K - 1), rows(D + 1, H)), "V row 0 must have 4 values, got 3");
        List<List<Double>> shortW = rows(D + 1, H);
        shortW.set(2, new ArrayList<>(List.of(1.0)));
        assertListRefused(new Weights(rows(H + 1, K), shortW), "W row 2 must have 2 values, got 1");
        List<List<Double>> missingRow = rows(H + 1, K);
        missingRow.set(1, null);
        assertListRefused(new Weights(missingRow, rows(D + 1, H)), "V row 1 must have 4 values, got 0");
        List<List<Double>> nan = rows(D + 1, H);
        nan.get(3).set(1, Double.NaN);
        assertListRefused(new Weights(rows(H + 1, K), nan), "W[3][1] is NaN, not a finite number");
        List<List<Double>> hole = rows(H + 1, K);
        hole.get(2).set(3, null);
        assertListRefused(new Weights(hole, rows(D + 1, H)), "V[2][3] is null, not a finite number");
    }

    @Test
    void listFormTakesDFromWsRowsAndKeepsTheValuesInOrder() {
        MlpWeights m = WireWeights.fromWire(new Weights(rows(H + 1, K), rows(D + 1, H)), H, K);
        assertEquals(D, m.inputs());
        assertEquals(H, m.hidden());
        assertEquals(K, m.classes());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, m.v());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, m.w());
        MlpWeights one = WireWeights.fromWire(new Weights(rows(H + 1, K), rows(2, H)), H, K);
        assertEquals(1, one.inputs(), "the smallest W, a bias row and one input's row");
    }

    /** rows x cols of the values 0, 1, 2, ... in row-major order, each row a mutable list. */
    private static List<List<Double>> rows(int rows, int cols) {
        List<List<Double>> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<Double> row = new ArrayList<>();
            for (int c = 0; c < cols; c++) {
                row.add((double) (r * cols + c));
            }
            out.add(row);
        }
        return out;
    }

    private static void assertListRefused(Weights wire, String expected) {
        String message = assertThrows(IllegalArgumentException.class, () -> WireWeights.fromWire(wire, H, K))
                .getMessage();
        assertEquals(expected, message);
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
