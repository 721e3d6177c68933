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
 * the one idle longest between calls. A connection in a call is never evicted; when all are in
 * calls the newcomer is refused. A connection that has not completed a first message within its
 * deadline, or that stays idle past the idle timeout, is due to be closed ({@link #expired}).
 *
 * <p>So a flood can hold only places that a legitimate client, which sends its message at once,
 * takes back on arrival, and a peer trickling bytes loses its place at the deadline. Times are
 * {@link System#nanoTime} values passed in by the caller. Thread-safe (every method synchronized);
 * it never closes a socket itself: callers close what it returns, outside its lock.
 */
final class ConnectionTable {
    /** What {@link #admit} decided: the newcomer's fate and the connections to close for it. */
    record Admission(boolean admitted, ServerConnection evicted, String limit) {
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final long firstMessageNanos;
    private final long idleNanos;
    private final Set<ServerConnection> open = new LinkedHashSet<>();
    private final Map<String, Integer> perAddress = new HashMap<>();

    ConnectionTable(int maxConnections, int maxPerAddress, long firstMessageNanos, long idleNanos) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.firstMessageNanos = firstMessageNanos;
        this.idleNanos = idleNanos;
    }

    /**
     * Lets a new connection in, evicting one other when a limit is reached.
     *
     * @return whether it was let in, the connection evicted for it (or null) and which limit was
     *         hit ("per-address", "table"; null when none)
     */
    synchronized Admission admit(ServerConnection c) {
        ServerConnection victim = null;
        String limit = null;
        if (perAddress.getOrDefault(c.address(), 0) >= maxPerAddress) {
            limit = "per-address";
            victim = evictable(c.address());
        } else if (open.size() >= maxConnections) {
            limit = "table";
            victim = evictable(null);
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
     * @return the connection to evict, or null when every one is in a call
     */
    private ServerConnection evictable(String address) {
        ServerConnection best = bestVictim(address);
        // a connection not yet read from may have sent its first bytes already: look before taking it for an idle one
        while (best != null && rank(best) == 0 && best.checkSentBytes()) {
            best = bestVictim(address);
        }
        return best;
    }

    private ServerConnection bestVictim(String address) {
        ServerConnection best = null;
        for (ServerConnection c : open) {
            if (c.state != ServerConnection.State.IN_CALL && (address == null || address.equals(c.address()))
                    && (best == null || evictsBefore(c, best))) {
                best = c;
            }
        }
        return best;
    }

    private static boolean evictsBefore(ServerConnection a, ServerConnection b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return ra < rb;
        }
        return ra == 2 ? a.idleSinceNanos < b.idleSinceNanos : a.acceptedNanos() < b.acceptedNanos();
    }

    /** 0: waiting for a first message and sent nothing; 1: waiting, sent something; 2: idle between calls. */
    private static int rank(ServerConnection c) {
        if (c.state == ServerConnection.State.IDLE) {
            return 2;
        }
        return c.sentBytes() ? 1 : 0;
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
     * within the first-message timeout, or idle past the idle timeout.
     */
    synchronized List<ServerConnection> expired(long now) {
        List<ServerConnection> due = new ArrayList<>();
        for (ServerConnection c : open) {
            if (c.state == ServerConnection.State.AWAITING_FIRST_MESSAGE && now - c.acceptedNanos() > firstMessageNanos
                    || c.state == ServerConnection.State.IDLE && now - c.idleSinceNanos > idleNanos) {
                due.add(c);
            }
        }
        due.forEach(this::remove);
        return due;
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
