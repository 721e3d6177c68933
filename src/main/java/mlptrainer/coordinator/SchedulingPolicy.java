package mlptrainer.coordinator;

import java.util.List;
import java.util.Random;

/**
 * Chooses which free node runs a task: the original's three policies. Implementations are
 * called from one round loop at a time but may be shared by jobs, so they synchronise.
 */
public interface SchedulingPolicy {
    /**
     * @param free nodes that can take a task now, in node-list order; never empty
     * @return one of them
     */
    NodeHandle choose(List<NodeHandle> free);

    /** @return the policy number sent to nodes (2 lets them reject tasks) */
    int number();

    /** @return the policy for the original's number: 1 random, 2 load-balancing, 3 round-robin */
    static SchedulingPolicy of(int number, long seed) {
        return switch (number) {
            case 1 -> new RandomPolicy(1, seed);
            case 2 -> new RandomPolicy(2, seed);
            case 3 -> new RoundRobinPolicy();
            default -> throw new IllegalArgumentException(
                    "scheduling policy must be 1 (random), 2 (load-balancing) or 3 (round-robin), got " + number);
        };
    }

    /** Policies 1 and 2: a node chosen at random; under 2 nodes also reject tasks with their probability. */
    final class RandomPolicy implements SchedulingPolicy {
        private final int number;
        private final Random random;

        RandomPolicy(int number, long seed) {
            this.number = number;
            this.random = new Random(seed);
        }

        @Override
        public synchronized NodeHandle choose(List<NodeHandle> free) {
            return free.get(random.nextInt(free.size()));
        }

        @Override
        public int number() {
            return number;
        }
    }

    /** Policy 3: nodes in list order, skipping busy ones, continuing after the last one chosen. */
    final class RoundRobinPolicy implements SchedulingPolicy {
        private int nextIndex;

        @Override
        public synchronized NodeHandle choose(List<NodeHandle> free) {
            NodeHandle best = null;
            for (NodeHandle n : free) {
                if (n.index() >= nextIndex && (best == null || n.index() < best.index())) {
                    best = n;
                }
            }
            if (best == null) {
                best = free.get(0);
            }
            nextIndex = best.index() + 1;
            return best;
        }

        @Override
        public int number() {
            return 3;
        }
    }
}
