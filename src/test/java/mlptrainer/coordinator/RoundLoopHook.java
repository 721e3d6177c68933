package mlptrainer.coordinator;

/**
 * Lets tests in other packages set the coordinator's {@link FaultHooks#inRoundLoop} hook: it runs
 * on a job's thread each time its round loop looks whether the job was cancelled.
 */
public final class RoundLoopHook {
    private RoundLoopHook() {
    }

    /** Runs {@code hook} from now on in the round loops of {@code server}'s jobs. */
    public static void set(CoordinatorServer server, Runnable hook) {
        server.jobs().faultHooks().inRoundLoop = hook;
    }
}
