package mlptrainer.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import mlptrainer.coordinator.CoordinatorEvents;
import mlptrainer.coordinator.JobManager;
import mlptrainer.coordinator.JobRun;
import mlptrainer.coordinator.RunState;
import mlptrainer.coordinator.TaskAttempt;

/**
 * A coordinator's Prometheus metrics, counted from its {@link CoordinatorEvents} and read from its
 * jobs when scraped. Each instance has its own registry (never the client library's global one), so
 * several coordinators in one JVM, tests included, keep their counts apart. The metrics:
 *
 * <ul>
 * <li>{@code mlptrainer_jobs{state}}: the jobs the coordinator keeps (running, and the last ended ones), by state
 * <li>{@code mlptrainer_rounds_completed_total}: rounds validated and published, every job together
 * <li>{@code mlptrainer_task_attempts_total{outcome}}: task attempts ended, by {@link TaskAttempt.Outcome}
 * <li>{@code mlptrainer_task_duration_seconds}: histogram of every attempt's time, from the send to the end
 * <li>{@code mlptrainer_node_busy_seconds_total{node}}, {@code mlptrainer_node_failures_total{node}}: per node,
 *     the time its attempts took and how many failed. Nodes are only those of the registry (listed by the
 *     operator or joined with the cluster's token), so the label's values stay bounded
 * <li>{@code mlptrainer_shipped_bytes_total{payload}}: shards and weights sent, deltas received (values, not framing)
 * <li>{@code mlptrainer_checkpoint_writes_total}: checkpoints written
 * <li>{@code mlptrainer_refused_total{reason}}: connections, calls and results refused, by a fixed reason
 * <li>{@code jvm_memory_*}: the client library's JVM memory metrics
 * </ul>
 *
 * <p>Thread-safe: the events may arrive on any thread, and scrapes run beside them.
 */
public final class CoordinatorMetrics implements CoordinatorEvents {
    /** Upper bounds of the task duration buckets, in seconds: a course task takes about 0.1 to 5 s. */
    private static final double[] DURATION_BOUNDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter rounds;
    private final Counter attempts;
    private final Histogram durations;
    private final Counter busySeconds;
    private final Counter nodeFailures;
    private final Counter shippedBytes;
    private final Counter checkpointWrites;
    private final Counter refusals;
    private volatile Supplier<List<JobRun>> jobs = List::of;

    public CoordinatorMetrics() {
        rounds = counter("mlptrainer_rounds_completed", "Rounds validated and published, every job together.");
        attempts = counter("mlptrainer_task_attempts", "Task attempts ended, by outcome.", "outcome");
        durations = Histogram.builder().name("mlptrainer_task_duration").unit(Unit.SECONDS)
                .help("Each task attempt's time, from the coordinator's send to its end, whatever the outcome.")
                .classicOnly().classicUpperBounds(DURATION_BOUNDS).withoutExemplars().register(registry);
        busySeconds = counter("mlptrainer_node_busy_seconds",
                "Time a node spent on the coordinator's task attempts, every outcome, in seconds.", "node");
        nodeFailures = counter("mlptrainer_node_failures", "Task attempts that failed on a node.", "node");
        shippedBytes = counter("mlptrainer_shipped_bytes",
                "Payload bytes sent to nodes (shard, weights) and received from them (deltas).", "payload");
        checkpointWrites = counter("mlptrainer_checkpoint_writes", "Checkpoints written.");
        refusals = counter("mlptrainer_refused", "Connections, calls and results refused, by reason.", "reason");
        GaugeWithCallback.builder().name("mlptrainer_jobs").labelNames("state")
                .help("Jobs the coordinator keeps (running ones and the last ended ones), by state.")
                .callback(cb -> jobsByState().forEach((state, n) -> cb.call(n, label(state))))
                .register(registry);
        JvmMemoryMetrics.builder().register(registry);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    /** Reads the jobs by state from {@code manager} at each scrape from now on. */
    public void watchJobs(JobManager manager) {
        jobs = manager::all;
    }

    private Map<RunState, Long> jobsByState() {
        Map<RunState, Long> counts = new EnumMap<>(RunState.class);
        for (RunState s : RunState.values()) {
            counts.put(s, 0L);
        }
        jobs.get().forEach(j -> counts.merge(j.state(), 1L, Long::sum));
        return counts;
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void attemptEnded(TaskAttempt attempt) {
        double seconds = attempt.durationMs() / 1000.0;
        attempts.labelValues(label(attempt.outcome())).inc();
        durations.observe(seconds);
        busySeconds.labelValues(attempt.node()).inc(seconds);
        if (attempt.outcome() == TaskAttempt.Outcome.FAILED) {
            nodeFailures.labelValues(attempt.node()).inc();
        }
    }

    @Override
    public void roundCompleted(String jobId, int round) {
        rounds.inc();
    }

    @Override
    public void checkpointWritten(String jobId) {
        checkpointWrites.inc();
    }

    @Override
    public void bytesShipped(Payload payload, long bytes) {
        shippedBytes.labelValues(label(payload)).inc(bytes);
    }

    @Override
    public void refused(String reason) {
        refusals.labelValues(reason).inc();
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4) to {@code out}; does not close it. */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** @return the Content-Type of what {@link #scrape} writes */
    public String contentType() {
        return writer.getContentType();
    }
}
