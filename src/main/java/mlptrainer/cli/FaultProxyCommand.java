package mlptrainer.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import mlptrainer.faults.FaultProxy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fault-proxy <port> <target_host> <target_port>}: forwards TCP connections, injecting faults. */
@Command(name = "fault-proxy", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Forwards TCP connections to a target and injects network faults: a slow link, a reset in "
                + "the middle of a reply, a half-open connection, dropped connections.",
                "Prints 'fault-proxy: listening on port N' once ready. While it runs, each line read from standard "
                        + "input changes the mode: 'pass', 'delay MS', 'reset BYTES [TIMES]', 'half-open [TIMES]', "
                        + "'drop [TIMES]'; TIMES limits the occurrences, then it passes traffic again."})
public final class FaultProxyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<port>", description = "Port to listen on (0 picks a free one).")
    int port;

    @Parameters(index = "1", paramLabel = "<target_host>", description = "Host to forward connections to.")
    String targetHost;

    @Parameters(index = "2", paramLabel = "<target_port>", description = "Its port.")
    int targetPort;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--mode", defaultValue = "pass", paramLabel = "MODE",
            description = "The fault at the start: pass, delay, reset, half-open or drop (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--param", defaultValue = "0", paramLabel = "N",
            description = "For delay: milliseconds per chunk; for reset: reply bytes forwarded before the reset "
                    + "(default: ${DEFAULT-VALUE}).")
    long param;

    @Option(names = "--times", defaultValue = "-1", paramLabel = "N",
            description = "Occurrences of the fault before passing traffic again; -1 for no limit (default: ${DEFAULT-VALUE}).")
    int times;

    @Mixin(name = "verbosity")
    VerbosityMixin verbosity;

    @Override
    public Integer call() throws Exception {
        verbosity.apply();
        Args.port(port, "port", true);
        Args.port(targetPort, "target_port", false);
        FaultProxy.Mode initial = parseMode(mode);
        checkFault(initial, param, times);
        try (FaultProxy proxy = Args.bound(() -> FaultProxy.start(bind, port, targetHost, targetPort), bind, port)) {
            proxy.set(initial, param, times);
            System.out.println("fault-proxy: listening on port " + proxy.port());
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
            readCommands(proxy);
            // standard input closed: keep forwarding until killed
            Thread.currentThread().join();
        }
        return ExitCodes.OK;
    }

    private static void readCommands(FaultProxy proxy) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            if (w[0].isEmpty()) {
                continue;
            }
            try {
                FaultProxy.Mode m = parseMode(w[0]);
                long p = m == FaultProxy.Mode.DELAY || m == FaultProxy.Mode.RESET ? number(w, 1, 0) : 0;
                int t = (int) number(w, m == FaultProxy.Mode.DELAY || m == FaultProxy.Mode.RESET ? 2 : 1, -1);
                checkFault(m, p, t);
                proxy.set(m, p, t);
                System.out.println("fault-proxy: mode " + m.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            } catch (UserException | NumberFormatException e) {
                System.out.println("fault-proxy: " + e.getMessage());
            }
            System.out.flush();
        }
    }

    private static long number(String[] words, int i, long missing) {
        return words.length > i ? Long.parseLong(words[i]) : missing;
    }

    private static void checkFault(FaultProxy.Mode m, long p, int t) {
        Args.atLeast(p, 0, "the fault's parameter");
        if (t == 0 || t < -1) {
            throw Args.usage("times must be -1 or >= 1, got " + t);
        }
    }

    private static FaultProxy.Mode parseMode(String s) {
        try {
            return FaultProxy.Mode.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw Args.usage("unknown mode '" + s + "': use pass, delay, reset, half-open or drop");
        }
    }

    public static void main(String[] args) {
        Cli.main(new FaultProxyCommand(), args);
    }
}
