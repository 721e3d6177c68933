package mlptrainer.aggregation;

import java.util.Arrays;

/** Argument checks and lazily sized state shared by the server optimisers. */
final class ServerState {
    private ServerState() {
    }

    /**
     * @param state   the optimiser's state so far, or null before its first step
     * @param initial the value every coordinate of new state starts at
     * @return the state, allocated at the block's length on the first step
     * @throws IllegalArgumentException naming both lengths when they differ, or the bad value of a non-finite delta
     */
    static double[] checked(double[] state, double[] weights, double[] delta, double initial) {
        Vectors.checkSameLength("the delta", delta.length, "the weight block", weights.length);
        Vectors.checkFinite("the delta", delta);
        if (state == null) {
            double[] fresh = new double[weights.length];
            Arrays.fill(fresh, initial);
            return fresh;
        }
        Vectors.checkSameLength("the weight block", weights.length, "the optimiser's state", state.length);
        return state;
    }

    static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    static double decay(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
