package mlptrainer.node;

/**
 * A task stopped before it finished: its coordinator cancelled it, or it used its work budget. The
 * message says which and after how many epochs; the caller gets it as a refused task.
 */
public final class TaskStoppedException extends InvalidTaskException {
    public TaskStoppedException(String message) {
        super(message);
    }
}
