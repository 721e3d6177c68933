package mlptrainer.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attacker for tests: holds {@code idle} connections that send nothing and {@code slow} ones
 * that send one byte of {@code trickle} per tick (slowloris), all to one address, and reopens at
 * once every connection the server closes, so that the server always faces the full count. One
 * thread with a selector; counts what happened. Thread-safe getters; close to stop.
 */
public final class ConnectionFlood implements AutoCloseable {
    private final InetSocketAddress target;
    private final byte[] trickle;
    private final long tickNanos;
    private final Selector selector;
    private final Thread thread;
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile boolean running = true;

    /** One connection: whether it trickles, and how far into {@code trickle} it is. */
    private static final class Conn {
        final boolean slow;
        int sent;

        Conn(boolean slow) {
            this.slow = slow;
        }
    }

    /**
     * Opens the connections and starts keeping them open.
     *
     * @param trickle what slow connections send, a byte per tick, from the start (repeated past its end)
     */
    public ConnectionFlood(String host, int port, int idle, int slow, byte[] trickle, long tickMs) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.trickle = trickle.clone();
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
        this.selector = Selector.open();
        for (int i = 0; i < idle + slow; i++) {
            open(new Conn(i >= idle));
        }
        thread = new Thread(this::loop, "connection-flood");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The start of a well-formed status call whose token string claims 1 MiB, then its bytes: a
     * peer sending this a byte at a time never completes a message, yet never sends a wrong one.
     */
    public static byte[] slowThriftCall() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x80010001); // strict binary protocol, CALL
        byte[] name = "status".getBytes(StandardCharsets.US_ASCII);
        out.writeInt(name.length);
        out.write(name);
        out.writeInt(1); // seqid
        out.writeByte(11); // field type string
        out.writeShort(1); // field id: auth_token
        out.writeInt(1 << 20);
        byte[] filler = new byte[4096];
        Arrays.fill(filler, (byte) 'a');
        out.write(filler);
        return bytes.toByteArray();
    }

    /** A TLS record header claiming 16 KiB of handshake, then its bytes: never a complete ClientHello at this pace. */
    public static byte[] slowTlsHandshake() {
        byte[] bytes = new byte[4096];
        byte[] header = {0x16, 0x03, 0x01, 0x40, 0x00, 0x01};
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    /** @return connections that completed a TCP handshake, reopened ones included */
    public long connected() {
        return connected.get();
    }

    /** @return connections the server closed (or reset), each reopened at once */
    public long closedByServer() {
        return closedByServer.get();
    }

    /** @return bytes the slow connections sent */
    public long bytesSent() {
        return bytesSent.get();
    }

    private void open(Conn conn) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(java.net.StandardSocketOptions.SO_LINGER, 0); // no TIME_WAIT per reopened connection
        boolean now = ch.connect(target);
        SelectionKey key = ch.register(selector, now ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, conn);
        if (now) {
            connected.incrementAndGet();
        }
        key.attach(conn);
    }

    private void loop() {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (running) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime())));
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key, scratch);
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextTick) {
                    trickleAll();
                    nextTick = System.nanoTime() + tickNanos;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                throw new IllegalStateException("flood: " + e, e);
            }
        }
    }

    private void handle(SelectionKey key, ByteBuffer scratch) throws IOException {
        Conn conn = (Conn) key.attachment();
        SocketChannel ch = (SocketChannel) key.channel();
        try {
            if (key.isValid() && key.isConnectable()) {
                ch.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                connected.incrementAndGet();
            } else if (key.isValid() && key.isReadable()) {
                scratch.clear();
                if (ch.read(scratch) < 0) {
                    reopen(key, conn);
                }
            }
        } catch (IOException e) {
            reopen(key, conn);
        }
    }

    private void reopen(SelectionKey key, Conn conn) throws IOException {
        closedByServer.incrementAndGet();
        key.cancel();
        key.channel().close();
        open(new Conn(conn.slow));
    }

    private void trickleAll() throws IOException {
        for (SelectionKey key : selector.keys()) {
            Conn conn = (Conn) key.attachment();
            if (conn.slow && key.isValid() && (key.interestOps() & SelectionKey.OP_READ) != 0) {
                ByteBuffer one = ByteBuffer.wrap(trickle, conn.sent % trickle.length, 1);
                try {
                    int n = ((SocketChannel) key.channel()).write(one);
                    conn.sent += n;
                    bytesSent.addAndGet(n);
                } catch (IOException e) {
                    // reset by the server: the selector reports it and the connection is reopened
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        running = false;
        selector.wakeup();
        thread.join(10_000);
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
