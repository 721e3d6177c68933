package mlptrainer.client;

import java.io.PrintWriter;

/** For pipes and CI logs: one plain line per finished round, nothing in between. */
public final class PlainProgress implements ProgressView {
    private final PrintWriter out;

    public PlainProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void status(JobSnapshot status) {
        // a log gets one line per round; intermediate states would only add noise
    }

    @Override
    public void roundDone(RoundResult round, int rounds) {
        out.println(ProgressView.roundLine(round, rounds));
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
