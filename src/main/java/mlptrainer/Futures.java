package mlptrainer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a task run on another thread, with its own unchecked exception rethrown as it was. Stateless. */
public final class Futures {
    private Futures() {
    }

    /**
     * @param what names the task in the message of a checked exception it threw (wrapped in an
     *             IllegalStateException); an unchecked one is rethrown unwrapped
     * @return the task's result
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public static <T> T await(Future<T> future, String what) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(what + " failed", cause);
        }
    }
}
