package mlptrainer.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import mlptrainer.client.CoordinatorClient;
import mlptrainer.client.WireMapping;
import mlptrainer.rpc.WrongProtocol;
import mlptrainer.rpc.gen.CoordinatorStatus;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.rpc.gen.Unauthorized;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code status HOST PORT}: a coordinator's nodes (up or down, tasks done in all its jobs since it
 * started, last error) and its jobs; with {@code --json}, the same as JSON ({@link StatusJson}).
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Shows a coordinator's compute nodes and its jobs.")
public final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST", description = "The coordinator's host name or address.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "The coordinator's port.")
    int port;

    @Option(names = "--json", description = "Print the status as one JSON object (format mlp-trainer-status, see "
            + "docs/using.md) instead of tables.")
    boolean json;

    @Mixin
    SecurityMixin security;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        verbosity.apply();
        Args.port(port, "PORT", false);
        CoordinatorStatus s;
        try (CoordinatorClient client = CoordinatorClient.connect(host, port,
                security.clientSecurity(security.tls(false, false)))) {
            s = client.status();
        } catch (Unauthorized e) {
            throw new UserException(ExitCodes.USAGE, WireMapping.failure(e, host + ":" + port).getMessage(), e);
        } catch (TApplicationException e) {
            if (WrongProtocol.isExpectsTls(e)) {
                throw new UserException(ExitCodes.UNREACHABLE, "the coordinator at " + host + ":" + port
                        + " refused the call: " + e.getMessage(), e);
            }
            throw new UserException(ExitCodes.FAILED, "the coordinator at " + host + ":" + port
                    + " does not answer status calls (" + e.getMessage() + "); is it one of the original's?", e);
        } catch (TException e) {
            throw new UserException(ExitCodes.UNREACHABLE, "cannot reach the coordinator at " + host + ":" + port
                    + " (" + e.getMessage() + "); is it running?", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(StatusJson.of(s, host + ":" + port));
            out.flush();
        } else {
            print(s, out);
        }
        return ExitCodes.OK;
    }

    private void print(CoordinatorStatus s, PrintWriter out) {
        out.println("coordinator " + host + ":" + port + ", version " + s.getVersion());
        out.printf(Locale.ROOT, "%-22s  %4s  %5s  %8s  %6s  %s%n", "node", "up", "done", "rejected", "failed", "last error");
        for (NodeStat n : s.getNodes()) {
            out.printf(Locale.ROOT, "%-22s  %4s  %5d  %8d  %6d  %s%n", n.getNode(), n.isUp() ? "yes" : "no",
                    n.getTasks_accepted(), n.getTasks_rejected(), n.getTasks_failed(),
                    n.isSetLast_error() ? n.getLast_error() : "-");
        }
        out.println(s.getJobsSize() == 0 ? "no jobs" : "jobs:");
        for (JobStatus j : s.getJobs()) {
            out.println("  " + describe(j));
        }
        out.flush();
    }

    private static String describe(JobStatus j) {
        String line = String.format(Locale.ROOT, "job %s %s: round %d/%d, %d ms", j.getJob_id(),
                j.getState().name().toLowerCase(Locale.ROOT), j.getRound(), j.getRounds(), j.getElapsed_ms());
        if (j.isSetRequest()) {
            line += ", dir " + j.getRequest().getDir() + ", h " + j.getRequest().getH() + ", eta " + j.getRequest().getEta();
        }
        if (j.isSetFinal_error()) {
            line += String.format(Locale.ROOT, ", final validation error %.4f", j.getFinal_error());
        }
        return j.isSetError() ? line + ", error: " + j.getError() : line;
    }

    public static void main(String[] args) {
        Cli.main(new StatusCommand(), args);
    }
}
