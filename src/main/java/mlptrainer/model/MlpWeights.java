package mlptrainer.model;

import java.util.Arrays;
import java.util.Random;

/**
 * The weights of the one-hidden-layer MLP as two flat row-major arrays:
 * W is (d+1) x h (input to hidden) and V is (h+1) x k (hidden to output); row 0 of each is the
 * bias row, as on the wire. Mutable: methods named {@code ...InPlace} change this instance,
 * the others return a new one. Not thread-safe; give each thread its own copy.
 */
public final class MlpWeights {
    private final int d;
    private final int h;
    private final int k;
    private final double[] w;
    private final double[] v;

    /** Wraps the arrays (not copied): w has (d+1)*h values, v has (h+1)*k. */
    public MlpWeights(int d, int h, int k, double[] w, double[] v) {
        if (d < 1 || h < 1 || k < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1, got d=" + d + " h=" + h + " k=" + k);
        }
        if (w.length != (d + 1) * h) {
            throw new IllegalArgumentException("W must have (d+1)*h = " + (d + 1) * h + " values, got " + w.length);
        }
        if (v.length != (h + 1) * k) {
            throw new IllegalArgumentException("V must have (h+1)*k = " + (h + 1) * k + " values, got " + v.length);
        }
        this.d = d;
        this.h = h;
        this.k = k;
        this.w = w;
        this.v = v;
    }

    /** All-zero weights of the given dimensions. */
    public static MlpWeights zeros(int d, int h, int k) {
        return new MlpWeights(d, h, k, new double[(d + 1) * h], new double[(h + 1) * k]);
    }

    /**
     * The course initialisation: every weight uniform in [-0.01, 0.01), V drawn first, then W,
     * from {@code new Random(seed)}, so a seed gives the same model on every machine.
     */
    public static MlpWeights initUniform(int d, int h, int k, long seed) {
        Random random = new Random(seed);
        double[] v = new double[(h + 1) * k];
        double[] w = new double[(d + 1) * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = -0.01 + 0.02 * random.nextDouble();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = -0.01 + 0.02 * random.nextDouble();
        }
        return new MlpWeights(d, h, k, w, v);
    }

    /**
     * He (Kaiming) initialisation for ReLU: every non-bias weight normal with standard deviation
     * sqrt(2 / fan_in) (fan_in = d for W, h for V), bias rows zero. V is drawn first, then W, from
     * {@code new Random(seed)}, so a seed gives the same model on every machine.
     */
    public static MlpWeights initHe(int d, int h, int k, long seed) {
        Random random = new Random(seed);
        double[] v = new double[(h + 1) * k];
        double[] w = new double[(d + 1) * h];
        fillGaussian(v, k, Math.sqrt(2.0 / h), random);
        fillGaussian(w, h, Math.sqrt(2.0 / d), random);
        return new MlpWeights(d, h, k, w, v);
    }

    /**
     * Xavier (Glorot) uniform initialisation: every non-bias weight uniform in [-a, a) with
     * a = sqrt(6 / (fan_in + fan_out)), bias rows zero; V first, then W, from {@code new Random(seed)}.
     */
    public static MlpWeights initXavier(int d, int h, int k, long seed) {
        Random random = new Random(seed);
        double[] v = new double[(h + 1) * k];
        double[] w = new double[(d + 1) * h];
        fillUniform(v, k, Math.sqrt(6.0 / (h + k)), random);
        fillUniform(w, h, Math.sqrt(6.0 / (d + h)), random);
        return new MlpWeights(d, h, k, w, v);
    }

    /** Rows after the first (the bias row of width {@code width} stays 0) get N(0, std^2). */
    private static void fillGaussian(double[] a, int width, double std, Random random) {
        for (int i = width; i < a.length; i++) {
            a[i] = std * random.nextGaussian();
        }
    }

    /** Rows after the first (the bias row of width {@code width} stays 0) get U[-bound, bound). */
    private static void fillUniform(double[] a, int width, double bound, Random random) {
        for (int i = width; i < a.length; i++) {
            a[i] = bound * (2 * random.nextDouble() - 1);
        }
    }

    public int inputs() {
        return d;
    }

    public int hidden() {
        return h;
    }

    public int classes() {
        return k;
    }

    /** The backing W array ((d+1) x h, row-major); writes change this instance. */
    public double[] w() {
        return w;
    }

    /** The backing V array ((h+1) x k, row-major); writes change this instance. */
    public double[] v() {
        return v;
    }

    public MlpWeights copy() {
        return new MlpWeights(d, h, k, w.clone(), v.clone());
    }

    /** @return this - other, as new weights */
    public MlpWeights subtract(MlpWeights other) {
        checkSameShape(other);
        MlpWeights out = copy();
        for (int i = 0; i < w.length; i++) {
            out.w[i] -= other.w[i];
        }
        for (int i = 0; i < v.length; i++) {
            out.v[i] -= other.v[i];
        }
        return out;
    }

    /** this += other */
    public void addInPlace(MlpWeights other) {
        checkSameShape(other);
        for (int i = 0; i < w.length; i++) {
            w[i] += other.w[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] += other.v[i];
        }
    }

    /** this *= factor */
    public void scaleInPlace(double factor) {
        for (int i = 0; i < w.length; i++) {
            w[i] *= factor;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }

    /** @return true when every weight is finite (no NaN, no infinity) */
    public boolean isFinite() {
        for (double x : w) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** @throws IllegalArgumentException naming both shapes when they differ */
    public void checkSameShape(MlpWeights other) {
        if (d != other.d || h != other.h || k != other.k) {
            throw new IllegalArgumentException("weight shapes differ: " + shape() + " versus " + other.shape());
        }
    }

    /** @return "d=16 h=24 k=26" */
    public String shape() {
        return "d=" + d + " h=" + h + " k=" + k;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpWeights other && d == other.d && h == other.h && k == other.k
                && Arrays.equals(w, other.w) && Arrays.equals(v, other.v);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(w) + Arrays.hashCode(v);
    }

    @Override
    public String toString() {
        return "MlpWeights(" + shape() + ")";
    }
}
