package mlptrainer.model;

import java.util.Locale;

/** The update rule of a training task. GD is the course algorithm; the others train in mini-batches. */
public enum Optimizer {
    /** The course: full batch, W += eta * (negative gradient of the summed loss), early stop. */
    GD,
    /** Mini-batch SGD on the mean loss of a batch: w -= lr * grad. */
    SGD,
    /** Heavy-ball momentum (as PyTorch, no dampening): m = beta m + grad; w -= lr * m. */
    MOMENTUM,
    /** Adam with bias correction (Kingma and Ba). */
    ADAM;

    /** @return the wire name: gd, sgd, momentum or adam */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
