package mlptrainer.client;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the client knows of a run beyond the job's status, for the metrics file: the coordinator it
 * asked, the preset named (if any), when it started the job and when each round's end reached it
 * (the coordinator reports no time of its own). Thread-safe: rounds are recorded by the thread
 * following the job and read when the file is written.
 */
public final class RunProvenance {
    private final String coordinator;
    private final String preset;
    private final Instant startedAt;
    private final Map<Integer, Instant> roundsReceived = new ConcurrentHashMap<>();

    /**
     * @param coordinator "host:port" as the user gave it
     * @param preset      the --preset name, or null when none was given
     * @param startedAt   when the client asked for the job
     */
    public RunProvenance(String coordinator, String preset, Instant startedAt) {
        this.coordinator = coordinator;
        this.preset = preset;
        this.startedAt = startedAt;
    }

    public String coordinator() {
        return coordinator;
    }

    /** @return the preset's name, if one was given */
    public Optional<String> preset() {
        return Optional.ofNullable(preset);
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The end of {@code round} reached the client at {@code when}; the first report of a round counts. */
    public void roundReceived(int round, Instant when) {
        roundsReceived.putIfAbsent(round, when);
    }

    /** @return when the end of {@code round} reached the client, if it did */
    public Optional<Instant> roundReceivedAt(int round) {
        return Optional.ofNullable(roundsReceived.get(round));
    }
}
