package mlptrainer.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import mlptrainer.Untrusted;
import mlptrainer.coordinator.CoordinatorView;
import mlptrainer.coordinator.JobRun;
import mlptrainer.coordinator.RunState;
import mlptrainer.rpc.gen.JobStatus;

/**
 * The dashboard's JSON API under {@code /api/} (docs/http-api.md): thin, it checks the path and
 * the query and delegates to {@link JobJson} and {@link ModelDownload}. A job's status may wait for
 * news ({@code ?since=VERSION}) for at most {@link #MAX_WAIT_MS}; at most {@link #MAX_WAITING}
 * requests wait at once, the others answer at once, so waiting browsers cannot take every thread.
 * Thread-safe.
 */
final class Api {
    static final int MAX_WAITING = 4;
    static final long MAX_WAIT_MS = 20_000;
    private static final Pattern JOB_ID = Pattern.compile("[0-9]{1,10}");
    private final CoordinatorView view;
    private final Semaphore waiting = new Semaphore(MAX_WAITING);

    Api(CoordinatorView view) {
        this.view = view;
    }

    void handle(HttpExchange ex) throws IOException, Exchanges.BadRequestException {
        if (!"GET".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "GET");
            Exchanges.error(ex, 405, "only GET is served here");
            return;
        }
        String[] parts = ex.getRequestURI().getPath().substring("/api/".length()).split("/", -1);
        if (parts.length == 1 && parts[0].equals("cluster")) {
            Exchanges.json(ex, 200, JobJson.cluster(view));
        } else if (parts.length == 1 && parts[0].equals("jobs")) {
            Exchanges.json(ex, 200, JobJson.jobs(view));
        } else if (parts.length >= 2 && parts.length <= 3 && parts[0].equals("jobs")) {
            job(ex, parts[1], parts.length == 3 ? parts[2] : "");
        } else {
            Exchanges.error(ex, 404, "no such API endpoint (see docs/http-api.md)");
        }
    }

    private void job(HttpExchange ex, String id, String what) throws IOException, Exchanges.BadRequestException {
        JobRun run = JOB_ID.matcher(id).matches() ? view.job(id) : null;
        if (run == null) {
            Exchanges.error(ex, 404, "no job with id '" + Untrusted.shown(id) + "' (the coordinator keeps its last 100 jobs)");
            return;
        }
        Map<String, String> q = Exchanges.query(ex);
        switch (what) {
            case "" -> Exchanges.json(ex, 200, status(run, q));
            case "metrics" -> Exchanges.json(ex, 200, JobJson.metrics(run, view.status(run),
                    ex.getLocalAddress().getAddress().getHostAddress() + ":" + view.thriftPort()));
            case "trace" -> Exchanges.send(ex, 200, "application/json; charset=utf-8",
                    view.trace(run).getBytes(StandardCharsets.UTF_8));
            case "model" -> ModelDownload.send(ex, view, run, q.getOrDefault("which", "last"));
            default -> Exchanges.error(ex, 404, "no such API endpoint: jobs/ID/" + Untrusted.shown(what)
                    + " (metrics, trace or model)");
        }
    }

    /** Waits for news when asked ({@code since} is the version the caller has) and a waiting place is free. */
    private Object status(JobRun run, Map<String, String> q) throws Exchanges.BadRequestException {
        long since = number(q, "since", -1, Long.MAX_VALUE);
        int attemptsFrom = (int) number(q, "attempts_from", 0, Integer.MAX_VALUE);
        if (since >= 0 && run.state() == RunState.RUNNING && waiting.tryAcquire()) {
            try {
                run.progress().awaitChange(since, MAX_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is stopping: answer with what there is
            } finally {
                waiting.release();
            }
        }
        long version = run.progress().version();
        JobStatus status = view.status(run);
        return JobJson.job(run, status, version, attemptsFrom);
    }

    /** @return the parameter as a number in 0..max, or {@code absent} when it is not given */
    private static long number(Map<String, String> q, String name, long absent, long max)
            throws Exchanges.BadRequestException {
        String v = q.get(name);
        if (v == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > max) {
                throw new NumberFormatException("out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Exchanges.BadRequestException(name + " must be a whole number >= 0, got '" + Untrusted.shown(v) + "'");
        }
    }
}
