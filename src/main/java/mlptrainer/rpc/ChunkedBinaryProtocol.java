package mlptrainer.rpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.transport.TTransport;

/**
 * The binary protocol (the original's wire format, unchanged) with one difference in how it
 * reads: a string or binary field longer than {@link #CHUNK} bytes is read in chunks into a
 * growing buffer, instead of allocating the claimed length up front. A peer that claims 64 MiB
 * and sends nothing then costs one chunk, not 64 MiB, so many such connections cannot exhaust
 * the heap. Not thread-safe (one per connection, as every Thrift protocol).
 */
final class ChunkedBinaryProtocol extends TBinaryProtocol {
    /** Fields up to this size are read in one piece, as TBinaryProtocol does. */
    static final int CHUNK = 1 << 20;
    private final long maxString;

    ChunkedBinaryProtocol(TTransport transport, long maxString, long maxContainer) {
        super(transport, maxString, maxContainer, false, true);
        this.maxString = maxString;
    }

    /** Makes a protocol per connection with the given bounds. */
    static TProtocolFactory factory(long maxString, long maxContainer) {
        return new TProtocolFactory() {
            @Override
            public TProtocol getProtocol(TTransport transport) {
                return new ChunkedBinaryProtocol(transport, maxString, maxContainer);
            }
        };
    }

    @Override
    public ByteBuffer readBinary() throws TException {
        int size = readI32();
        if (size <= CHUNK) {
            return ByteBuffer.wrap(readSmall(size));
        }
        return ByteBuffer.wrap(readChunked(size));
    }

    @Override
    public String readStringBody(int size) throws TException {
        byte[] bytes = size <= CHUNK ? readSmall(size) : readChunked(size);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] readSmall(int size) throws TException {
        check(size);
        byte[] buf = new byte[size];
        trans_.readAll(buf, 0, size);
        return buf;
    }

    /**
     * Reads into an array that doubles up to the exact size as the bytes arrive, so a claimed length
     * costs only the bytes actually sent: less than twice the field's size is held at once (while
     * the array grows), and the full array is returned without a copy.
     */
    private byte[] readChunked(int size) throws TException {
        check(size);
        byte[] buf = new byte[CHUNK];
        int filled = 0;
        while (filled < size) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(size, 2L * buf.length));
            }
            int n = Math.min(buf.length - filled, CHUNK);
            trans_.readAll(buf, filled, n);
            filled += n;
        }
        return buf;
    }

    private void check(int size) throws TException {
        if (size < 0) {
            throw new TProtocolException(TProtocolException.NEGATIVE_SIZE, "negative length: " + size);
        }
        if (size > maxString) {
            throw new TProtocolException(TProtocolException.SIZE_LIMIT, "length " + size + " exceeds " + maxString);
        }
        trans_.checkReadBytesAvailable(size);
    }
}
