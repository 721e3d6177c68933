package mlptrainer.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import mlptrainer.client.ClientFailure;
import mlptrainer.client.CoordinatorSession;
import mlptrainer.rpc.Security;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A client command about a coordinator's jobs ({@code client jobs|attach|cancel|model|metrics HOST
 * PORT ...}): the coordinator's address, the security options, verbosity, and the translation of
 * a {@link ClientFailure} into the client's exit codes and one-line message.
 */
abstract class JobCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST", description = "The coordinator's host name or address.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "The coordinator's port.")
    int port;

    @Mixin
    SecurityMixin security;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Spec
    CommandSpec spec;

    @ParentCommand
    ClientCommand client;

    @Override
    public final Integer call() {
        verbosity.apply();
        client.refuseTrainingPositionalsBefore(spec.name());
        Args.port(port, "PORT", false);
        checkArguments();
        Security credentials = credentials();
        try (CoordinatorSession session = CoordinatorSession.open(host, port, credentials)) {
            return run(session, spec.commandLine().getOut());
        } catch (ClientFailure f) {
            throw new UserException(ClientCommand.exitCode(f.kind()), f.getMessage(), f.getCause());
        }
    }

    /** The token and TLS the calls carry. */
    final Security credentials() {
        return security.clientSecurity(security.tls(false, false));
    }

    /** Checks the command's own arguments before anything is called; throws a UserException. */
    void checkArguments() {
    }

    /** @return the exit code */
    abstract int run(CoordinatorSession session, PrintWriter out) throws ClientFailure;
}
