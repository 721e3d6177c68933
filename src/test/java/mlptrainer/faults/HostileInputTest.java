package mlptrainer.faults;

import static mlptrainer.faults.FaultFreeRun.assertSameAsFaultFree;
import static mlptrainer.testing.TestCluster.scheduler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mlptrainer.coordinator.CoordinatorServer;
import mlptrainer.node.ComputeNodeServer;
import mlptrainer.rpc.RpcServer;
import mlptrainer.rpc.gen.ComputeNode;
import mlptrainer.rpc.gen.Coordinator;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.TaskRequest;
import mlptrainer.rpc.gen.Weights;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input (issue 5): at least 10,000 malformed messages to a coordinator and to a compute
 * node, each kind on short connections, then a normal job on the same servers, which must
 * succeed with the fault-free model while the servers' connections and the heap stay bounded.
 * Deterministic: the messages come from a fixed seed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileInputTest {
    /** Messages sent to each server. */
    static final int MESSAGES_PER_SERVER = 10_500;
    static final int UNKNOWN_METHODS_PER_CONNECTION = 5;
    static final long SEED = 20261126L;

    enum Kind { RANDOM_BYTES, TRUNCATED, HUGE_STRING, HUGE_CONTAINER, DEEP_NESTING, UNKNOWN_METHOD, WRONG_TYPE }

    /** What the server did with a connection carrying one kind of message. */
    static final class Tally {
        int messages;
        int connections;
        int closedSilently;
        int answered;
        int hung;

        @Override
        public String toString() {
            return messages + " messages on " + connections + " connections: " + closedSilently
                    + " dropped without a reply, " + answered + " answered (with an exception), " + hung + " hung";
        }
    }

    @TempDir
    Path tmp;
    TestCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        FaultFreeRun.model();
        cluster = TestCluster.withData(tmp);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void malformedMessagesAreDroppedAndServersKeepServing() throws Exception {
        ComputeNodeServer a = cluster.node(0, 0);
        ComputeNodeServer b = cluster.node(0, 0);
        CoordinatorServer c = cluster.coordinator(scheduler(30_000, 30_000), a.port(), b.port());
        List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        long start = System.nanoTime();

        Map<Kind, Tally> node = fuzz(a.port(), new Random(SEED), HostileInputTest::nodeCall, "run_task", "describe");
        Map<Kind, Tally> coord = fuzz(c.port(), new Random(SEED + 1), HostileInputTest::coordinatorCall, "start_job",
                "status");
        long ms = (System.nanoTime() - start) / 1_000_000L;
        Thread.setDefaultUncaughtExceptionHandler(previous);

        // the same servers then run a normal job to the fault-free model
        assertSameAsFaultFree(TestCluster.runToSuccess(cluster.client()));

        int nodeOpen = awaitFewConnections(a.rpc());
        int coordOpen = awaitFewConnections(c.rpc());
        System.gc();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        report("compute node", node);
        report("coordinator", coord);
        System.out.printf("FUZZ %d messages in %d ms; heap used %d MB before, %d MB after (gc); open connections "
                + "node %d, coordinator %d%n", total(node) + total(coord), ms, heapBefore >> 20, heapAfter >> 20,
                nodeOpen, coordOpen);
        for (Map<Kind, Tally> t : List.of(node, coord)) {
            assertTrue(total(t) >= 10_000, "fewer than 10,000 messages sent");
            t.forEach((k, v) -> assertEquals(0, v.hung, k + ": a server kept a malformed connection open: " + v));
        }
        assertEquals(List.of(), uncaught.stream().map(Throwable::toString).distinct().toList(),
                "server threads died (e.g. deep nesting overflowing the stack)");
        assertEquals(0, node.get(Kind.WRONG_TYPE).answered, "a message that is not a call was served");
        assertEquals(0, coord.get(Kind.WRONG_TYPE).answered, "a message that is not a call was served");
        assertTrue(heapAfter < 256L << 20, "heap after the fuzzing: " + (heapAfter >> 20) + " MB");
        assertTrue(nodeOpen <= 1 && coordOpen <= 1, "connections left open: node " + nodeOpen + ", coordinator "
                + coordOpen);
    }

    /** Waits (bounded) for a server to close the connections the fuzzing left; returns how many remain. */
    private static int awaitFewConnections(RpcServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling a condition with a deadline, not a synchronisation by sleep
        }
        return server.openConnections();
    }

    private static int total(Map<Kind, Tally> t) {
        return t.values().stream().mapToInt(x -> x.messages).sum();
    }

    private static void report(String server, Map<Kind, Tally> tallies) {
        tallies.forEach((k, v) -> System.out.println("FUZZ " + server + " " + k + ": " + v));
    }

    private Map<Kind, Tally> fuzz(int port, Random r, Function<String, byte[]> validCall, String method,
            String harmlessMethod) throws Exception {
        Map<Kind, Tally> tallies = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            tallies.put(k, new Tally());
        }
        byte[] valid = validCall.apply(method);
        byte[] harmless = validCall.apply(harmlessMethod);
        int sent = 0;
        for (int i = 0; sent < MESSAGES_PER_SERVER; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            List<byte[]> messages = new ArrayList<>();
            switch (kind) {
                case RANDOM_BYTES -> {
                    byte[] m = new byte[1 + r.nextInt(256)];
                    r.nextBytes(m);
                    messages.add(m);
                }
                case TRUNCATED -> messages.add(Arrays.copyOf(valid, r.nextInt(valid.length)));
                case HUGE_STRING -> messages.add(hugeString(r, method));
                case HUGE_CONTAINER -> messages.add(hugeContainer(r, method));
                case DEEP_NESTING -> messages.add(deepNesting(r, method));
                case UNKNOWN_METHOD -> {
                    for (int j = 0; j < UNKNOWN_METHODS_PER_CONNECTION; j++) {
                        messages.add(header("no_such_method_" + r.nextInt(1000), TMessageType.CALL, j, new byte[] {
                                TType.STOP}));
                    }
                }
                case WRONG_TYPE -> messages.add(withType(harmless, wrongType(r)));
                default -> throw new IllegalStateException();
            }
            Tally t = tallies.get(kind);
            send(port, messages, t);
            t.messages += messages.size();
            sent += messages.size();
        }
        return tallies;
    }

    /** One short connection: writes the messages, half-closes, reads until the server closes. */
    private static void send(int port, List<byte[]> messages, Tally t) throws IOException {
        t.connections++;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(TestCluster.HOST, port), 5_000);
            s.setSoTimeout(10_000);
            try {
                for (byte[] m : messages) {
                    s.getOutputStream().write(m);
                }
                s.getOutputStream().flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                long got = 0;
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got += n;
                }
                if (got > 0) {
                    t.answered++;
                } else {
                    t.closedSilently++;
                }
            } catch (SocketTimeoutException e) {
                t.hung++;
            } catch (IOException e) {
                t.closedSilently++; // reset by the server while we wrote
            }
            s.setSoLinger(true, 0); // no TIME_WAIT: 20,000 short connections must not exhaust local ports
        }
    }

    // ---- message makers (Thrift binary protocol, as the servers speak it) ----

    static byte[] coordinatorCall(String method) {
        return call(p -> {
            Coordinator.Client c = new Coordinator.Client(p);
            if (method.equals("status")) {
                c.send_status(null);
            } else {
                JobRequest r = new JobRequest("data", 2, 2, 4, 3, 0.1);
                r.setSettings(Map.of("optimizer", "sgd"));
                c.send_start_job(r);
            }
        });
    }

    static byte[] nodeCall(String method) {
        return call(p -> {
            ComputeNode.Client c = new ComputeNode.Client(p);
            if (method.equals("describe")) {
                c.send_describe(null);
            } else {
                c.send_run_task(new TaskRequest("data/train_letters1.txt", weights(TestCluster.FEATURES,
                        TestCluster.H, TestCluster.K), TestCluster.K, TestCluster.H, 0.1, 1, 1));
            }
        });
    }

    static Weights weights(int d, int h, int k) {
        List<List<Double>> v = new ArrayList<>();
        for (int i = 0; i <= h; i++) {
            v.add(new ArrayList<>(Collections.nCopies(k, 0.01)));
        }
        List<List<Double>> w = new ArrayList<>();
        for (int i = 0; i <= d; i++) {
            w.add(new ArrayList<>(Collections.nCopies(h, 0.01)));
        }
        return new Weights(v, w);
    }

    interface Sender {
        void send(TProtocol p) throws TException;
    }

    static byte[] call(Sender sender) {
        try {
            TMemoryBuffer buf = new TMemoryBuffer(1024);
            sender.send(new TBinaryProtocol(buf));
            return Arrays.copyOf(buf.getArray(), buf.length());
        } catch (TException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A strict message header (version 1) for {@code method}, then {@code body}. */
    static byte[] header(String method, byte type, int seq, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(0x80010000 | type); // TBinaryProtocol.VERSION_1
            byte[] name = method.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            out.writeInt(seq);
            out.write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] bytes(Body body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            body.write(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    /** A string (method name, or a string field) claiming up to 2^31-1 bytes, followed by a few. */
    static byte[] hugeString(Random r, String method) {
        int claim = r.nextBoolean() ? Integer.MAX_VALUE : (1 << 28) + r.nextInt(1 << 30);
        if (r.nextInt(3) == 0) {
            // the old, unversioned header: the first int is the method name's length
            return bytes(out -> {
                out.writeInt(claim);
                out.write(new byte[16]);
            });
        }
        return header(method, TMessageType.CALL, 1, bytes(out -> {
            out.writeByte(TType.STRUCT);
            out.writeShort(1);
            out.writeByte(TType.STRING);
            out.writeShort(1);
            out.writeInt(claim);
            out.write(new byte[16]);
        }));
    }

    /** A list, set or map in the request claiming 2^31-1 (or a negative number of) elements. */
    static byte[] hugeContainer(Random r, String method) {
        int claim = r.nextInt(4) == 0 ? -1 - r.nextInt(1000) : Integer.MAX_VALUE - r.nextInt(1000);
        byte containerType = new byte[] {TType.LIST, TType.SET, TType.MAP}[r.nextInt(3)];
        return header(method, TMessageType.CALL, 1, bytes(out -> {
            out.writeByte(TType.STRUCT);
            out.writeShort(1);
            out.writeByte(containerType);
            out.writeShort(2 + r.nextInt(20));
            if (containerType == TType.MAP) {
                out.writeByte(TType.STRING);
            }
            out.writeByte(TType.DOUBLE);
            out.writeInt(claim);
            out.writeLong(0);
        }));
    }

    /** Structs or lists nested thousands deep (unknown field ids, so the server has to skip them). */
    static byte[] deepNesting(Random r, String method) {
        int depth = 1_000 + r.nextInt(9_000);
        boolean lists = r.nextBoolean();
        return header(method, TMessageType.CALL, 1, bytes(out -> {
            out.writeByte(TType.STRUCT);
            out.writeShort(1);
            if (lists) {
                out.writeByte(TType.LIST);
                out.writeShort(100);
            }
            for (int i = 0; i < depth; i++) {
                if (lists) {
                    out.writeByte(TType.LIST); // a list of one list of one list ...
                    out.writeInt(1);
                } else {
                    out.writeByte(TType.STRUCT); // a struct whose field 100 is a struct ...
                    out.writeShort(100);
                }
            }
        }));
    }

    static byte wrongType(Random r) {
        byte[] types = {TMessageType.REPLY, TMessageType.EXCEPTION, 0, 5, 9, 127};
        return types[r.nextInt(types.length)];
    }

    /** The message with its type byte (the last byte of the strict version word) replaced. */
    static byte[] withType(byte[] message, byte type) {
        byte[] m = message.clone();
        m[3] = type;
        return m;
    }
}
