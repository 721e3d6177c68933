package mlptrainer.rpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server's open connections and who gets a place among them. A new connection is always let in
 * when there is room; when its address has reached its limit, or the table is full, it takes the
 * place of another connection (of the same address when the address is at its limit): first one
 * that has sent no byte yet, then the oldest still waiting for its first complete message, then
 * the one idle longest between calls, and only then one that is sending its first message and
 * arrived within a tenth of the first-message deadline. A connection in a call is never evicted;
 * when all are in calls the newcomer is refused. A connection that has not completed a first
 * message within its deadline, that stays idle past the idle timeout, or whose reply makes no
 * progress for the first-message deadline (the peer stopped reading), is due to be closed
 * ({@link #expired}).
 *
 * <p>So a flood can hold only places that a legitimate client, which sends its message at once,
 * takes back on arrival, and a peer trickling bytes loses its place at the deadline. Times are
 * {@link System#nanoTime} values passed in by the caller. Thread-safe (every method synchronized);
 * it never closes a socket itself: callers close what it returns, outside its lock.
 */
final class ConnectionTable {
    /** What {@link #admit} decided: the newcomer's fate and the connection to close for it (or null). */
    record Admission(boolean admitted, ServerConnection evicted, String limit) {
    }

    /** A connection that is sending is spared for a tenth of the first-message deadline (1 s by default). */
    private static final long GRACE_DIVISOR = 10;
    private final int maxConnections;
    private final int maxPerAddress;
    private final long firstMessageNanos;
    private final long idleNanos;
    private final long graceNanos;
    private final Set<ServerConnection> open = new LinkedHashSet<>();
    private final Map<String, Integer> perAddress = new HashMap<>();

    ConnectionTable(int maxConnections, int maxPerAddress, long firstMessageNanos, long idleNanos) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.firstMessageNanos = firstMessageNanos;
        this.idleNanos = idleNanos;
        this.graceNanos = firstMessageNanos / GRACE_DIVISOR;
    }

    /**
     * Lets a new connection in, evicting one other when a limit is reached. Its accept time is
     * the time of the decision.
     *
     * @return whether it was let in, the connection evicted for it (or null) and which limit was
     *         hit ("per-address", "table"; null when none)
     */
    synchronized Admission admit(ServerConnection c) {
        ServerConnection victim = null;
        String limit = null;
        if (perAddress.getOrDefault(c.address(), 0) >= maxPerAddress) {
            limit = "per-address";
            victim = evictable(c.address(), c.acceptedNanos());
        } else if (open.size() >= maxConnections) {
            limit = "table";
            victim = evictable(null, c.acceptedNanos());
        }
        if (limit != null && victim == null) {
            return new Admission(false, null, limit);
        }
        if (victim != null) {
            remove(victim);
        }
        open.add(c);
        perAddress.merge(c.address(), 1, Integer::sum);
        return new Admission(true, victim, limit);
    }

    /**
     * @param address only this address's connections, or null for all
     * @return the connection to evict at {@code now}, or null when every one is in a call
     */
    private ServerConnection evictable(String address, long now) {
        ServerConnection best = bestVictim(address, now);
        // a connection not yet read from may have sent its first bytes already: look before taking it for an idle one
        while (best != null && tier(best, now) == 0 && best.checkSentBytes()) {
            best = bestVictim(address, now);
        }
        return best;
    }

    private ServerConnection bestVictim(String address, long now) {
        ServerConnection best = null;
        for (ServerConnection c : open) {
            if (c.state != ServerConnection.State.IN_CALL && (address == null || address.equals(c.address()))
                    && (best == null || evictsBefore(c, best, now))) {
                best = c;
            }
        }
        return best;
    }

    private boolean evictsBefore(ServerConnection a, ServerConnection b, long now) {
        int ta = tier(a, now);
        int tb = tier(b, now);
        if (ta != tb) {
            return ta < tb;
        }
        return ta == 2 ? a.idleSinceNanos < b.idleSinceNanos : a.acceptedNanos() < b.acceptedNanos();
    }

    /**
     * The order of eviction: 0, waiting for a first message and sent nothing; 1, waiting and sent
     * something, for longer than the grace period; 2, idle between calls; 3, waiting, sending, and
     * younger than the grace period. The grace lets a client that sends at once (a TLS handshake
     * takes some milliseconds) finish its first message while a flood keeps arriving.
     */
    private int tier(ServerConnection c, long now) {
        if (c.state == ServerConnection.State.IDLE) {
            return 2;
        }
        if (!c.sentBytes()) {
            return 0;
        }
        return now - c.acceptedNanos() < graceNanos ? 3 : 1;
    }

    /** The connection has read a complete call and is serving it: it may not be evicted until it ends. */
    synchronized void callStarted(ServerConnection c) {
        c.state = ServerConnection.State.IN_CALL;
    }

    /** The call's reply was written at {@code now}: the idle timeout counts from here. */
    synchronized void callEnded(ServerConnection c, long now) {
        c.state = ServerConnection.State.IDLE;
        c.idleSinceNanos = now;
    }

    /** Forgets the connection (it was closed); harmless when already forgotten. */
    synchronized void remove(ServerConnection c) {
        if (open.remove(c)) {
            perAddress.computeIfPresent(c.address(), (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /**
     * Removes and returns the connections past a deadline at {@code now}: no complete first message
     * within the first-message timeout, idle past the idle timeout, or a reply stalled as long as
     * the first-message timeout.
     */
    synchronized List<ServerConnection> expired(long now) {
        List<ServerConnection> due = new ArrayList<>();
        for (ServerConnection c : open) {
            if (c.state == ServerConnection.State.AWAITING_FIRST_MESSAGE && now - c.acceptedNanos() > firstMessageNanos
                    || c.state == ServerConnection.State.IDLE && now - c.idleSinceNanos > idleNanos
                    || c.state == ServerConnection.State.IN_CALL && stalledWriting(c, now)) {
                due.add(c);
            }
        }
        due.forEach(this::remove);
        return due;
    }

    /**
     * A connection in a call is never evicted, so a peer that pipelines calls and reads none of the
     * replies would hold its place for ever, its thread blocked in a write: a reply whose chunk makes
     * no progress for the first-message deadline is given up.
     */
    private boolean stalledWriting(ServerConnection c, long now) {
        long since = c.writingSinceNanos;
        return since != 0 && now - since > firstMessageNanos;
    }

    /** @return every connection, removed from the table (the server is stopping) */
    synchronized List<ServerConnection> removeAll() {
        List<ServerConnection> all = new ArrayList<>(open);
        open.clear();
        perAddress.clear();
        return all;
    }

    synchronized int size() {
        return open.size();
    }
}
