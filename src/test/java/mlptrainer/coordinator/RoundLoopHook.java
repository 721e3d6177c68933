package mlptrainer.coordinator;

/**
 * For tests outside this package: sets the coordinator's {@link FaultHooks#inRoundLoop}, which runs
 * on a job's thread each time its round loop looks whether the job was cancelled (first before
 * any task of a round is sent). Stateless.
 */
public final class RoundLoopHook {
    private RoundLoopHook() {
    }

    /** Runs {@code hook} in every job's round loop of this coordinator until {@link #clear}. */
    public static void set(CoordinatorServer coordinator, Runnable hook) {
        coordinator.jobs().faultHooks().inRoundLoop = hook;
    }

    public static void clear(CoordinatorServer coordinator) {
        coordinator.jobs().faultHooks().inRoundLoop = () -> { };
    }
}
