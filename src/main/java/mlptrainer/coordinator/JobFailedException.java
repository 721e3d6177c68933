package mlptrainer.coordinator;

/** A job that cannot finish: the message says why (the nodes tried and their errors, the bad file, ...). */
public class JobFailedException extends Exception {
    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
