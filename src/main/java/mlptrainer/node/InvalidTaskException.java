package mlptrainer.node;

/** A task that cannot run as asked (bad arguments, bad or missing data, unknown settings). */
public class InvalidTaskException extends Exception {
    public InvalidTaskException(String message) {
        super(message);
    }

    public InvalidTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
