package mlptrainer.model;

/**
 * The natural logarithm used by the loss: a fixed sequence of IEEE operations, so that the scalar
 * version here and {@link VectorKernel}'s lane-wise version give the same bits, interpreted or
 * compiled, on every machine (as {@link Exp} for the exponential). Math.log is one call per row
 * that C2 does not vectorise: 4 to 6% of an epoch.
 *
 * <p>Method: x = 2^e m with m in [sqrt(1/2), sqrt(2)), taken from the bits (e converted to a
 * double exactly by the 2^52 trick); with f = m - 1 (exact) and s = f / (2 + f),
 * log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), here to s^19 in Horner form in s^2
 * (|s| &lt;= 0.1716, so the first term left out is below 1e-17 relative); then
 * log(x) = fma(e, ln 2, 2 s P(s^2)). Measured within 3 ulp of StrictMath.log (KernelAgreementTest).
 * Outside the positive normal doubles (zero, subnormal, negative, infinite, NaN) it is Math.log.
 *
 * <p>Stateless and thread-safe.
 */
final class Log {
    static final double LN2 = 0x1.62e42fefa39efp-1;
    static final double SQRT2 = 1.4142135623730951;
    static final long MANTISSA = 0x000f_ffff_ffff_ffffL;
    /** The bits of 1.0: a mantissa with this exponent field is m in [1, 2). */
    static final long ONE_BITS = 0x3ff0_0000_0000_0000L;
    /** The bits of 2^52: OR-ing a small integer into its mantissa and subtracting 2^52 converts it exactly. */
    static final long TWO52_BITS = 0x4330_0000_0000_0000L;
    static final double TWO52 = 0x1p52;
    static final double EXPONENT_BIAS = 1023;
    /** 1 / (2j + 1) for j = 0..9: the atanh series in s^2. */
    static final double[] SERIES = series();

    private Log() {
    }

    private static double[] series() {
        double[] c = new double[10];
        for (int j = 0; j < c.length; j++) {
            c[j] = 1.0 / (2 * j + 1);
        }
        return c;
    }

    /** @return whether x takes the polynomial path (a positive normal double) */
    static boolean inRange(double x) {
        return x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE;
    }

    /** log(x); see the class comment for the operations and their order. */
    static double log(double x) {
        if (!inRange(x)) {
            return Math.log(x);
        }
        long bits = Double.doubleToRawLongBits(x);
        double e = Double.longBitsToDouble((bits >>> 52) | TWO52_BITS) - TWO52 - EXPONENT_BIAS;
        double m = Double.longBitsToDouble((bits & MANTISSA) | ONE_BITS);
        if (m > SQRT2) {
            m *= 0.5;
            e += 1;
        }
        double f = m - 1;
        double s = f / (2 + f);
        double z = s * s;
        double[] c = SERIES;
        double p = c[9];
        for (int j = 8; j >= 0; j--) {
            p = Math.fma(p, z, c[j]);
        }
        double t = s * p;
        return Math.fma(e, LN2, t + t);
    }
}
