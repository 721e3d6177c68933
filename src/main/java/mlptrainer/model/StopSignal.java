package mlptrainer.model;

/**
 * Asks a running training to stop: the trainers poll it between epochs (and every few mini-batches)
 * and then throw {@link TrainingStoppedException}. Polling never changes the arithmetic, so a
 * training that is not stopped gives the same weights, bit for bit. Implementations must be cheap
 * (it is polled often) and thread-safe (it is set from another thread).
 */
@FunctionalInterface
public interface StopSignal {
    /** Never asks to stop. */
    StopSignal NEVER = () -> false;

    /** @return true once the training must stop */
    boolean stopRequested();
}
