package mlptrainer.coordinator;

/** Where a job stands: running, or how it ended. A job leaves RUNNING once and for all. */
public enum RunState {
    RUNNING, SUCCEEDED, FAILED, CANCELLED
}
