package mlptrainer.client;

import java.io.PrintWriter;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.RoundStat;

/** For pipes and CI logs: one plain line per finished round, nothing in between. */
public final class PlainProgress implements ProgressView {
    private final PrintWriter out;

    public PlainProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void status(JobStatus status) {
        // a log gets one line per round; intermediate states would only add noise
    }

    @Override
    public void roundDone(RoundStat round, int rounds) {
        out.println(ProgressView.roundLine(round, rounds));
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
