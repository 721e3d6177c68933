package mlptrainer.model;

/** A training ended early because its {@link StopSignal} asked it to; no weights come of it. */
public final class TrainingStoppedException extends RuntimeException {
    private final int epochsRun;

    /** @param epochsRun full epochs completed before it stopped */
    public TrainingStoppedException(int epochsRun) {
        super("training stopped after " + epochsRun + " epochs");
        this.epochsRun = epochsRun;
    }

    /** @return full epochs completed before it stopped */
    public int epochsRun() {
        return epochsRun;
    }
}
