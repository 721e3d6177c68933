package mlptrainer.coordinator;

/**
 * A test seam: lets a test throw any Throwable (an OutOfMemoryError, say) where the coordinator's
 * threads run a job, to check that the job ends whatever fails there. Nothing in production sets
 * it; unset, each hook does nothing. Thread-safe: the hooks are volatile.
 */
final class FaultHooks {
    /** Runs on an RPC thread as each attempt's call starts. */
    volatile Runnable inAttempt = () -> { };
    /** Runs on the job's thread each time its round loop looks whether the job was cancelled. */
    volatile Runnable inRoundLoop = () -> { };
}
