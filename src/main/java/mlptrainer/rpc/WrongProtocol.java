package mlptrainer.rpc;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TIOStreamTransport;

/**
 * Answers a peer that speaks the other transport than the port: a plaintext Thrift call on a TLS
 * port gets an EXCEPTION reply saying so (a Thrift client reads an exception before it checks the
 * sequence id, so the original's clients show it too); a TLS handshake on a plaintext port gets an
 * orderly close, which a TLS client reports as the server ending the handshake. Either way the
 * rest of what the peer sent is read and dropped first, so that closing does not reset the
 * connection under the reply. Stateless.
 */
public final class WrongProtocol {
    /** What a plaintext client of a TLS port is told; clients may look for it. */
    public static final String EXPECTS_TLS = "this port expects TLS: connect with --tls and a --truststore that "
            + "trusts the server";
    /** The most bytes read and dropped from a refused peer. */
    private static final int DRAIN_LIMIT = 1 << 20;
    /** A method name longer than this is not a call worth answering. */
    private static final int MAX_NAME = 1024;

    private WrongProtocol() {
    }

    /**
     * Reads the plaintext call's message header (after its first byte, already read) and answers it
     * with a TApplicationException of type INVALID_PROTOCOL saying {@link #EXPECTS_TLS}; a peer
     * that is not a Thrift client either is just closed.
     */
    static void answerExpectsTls(Socket plain, int first) throws IOException {
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}),
                plain.getInputStream());
        try {
            TIOStreamTransport transport = new TIOStreamTransport(new TConfiguration(MAX_NAME * 2, MAX_NAME * 2, 4),
                    in, new BufferedOutputStream(plain.getOutputStream()));
            TBinaryProtocol protocol = new TBinaryProtocol(transport, MAX_NAME, 1, false, true);
            TMessage call = protocol.readMessageBegin();
            protocol.writeMessageBegin(new TMessage(call.name, TMessageType.EXCEPTION, call.seqid));
            new TApplicationException(TApplicationException.INVALID_PROTOCOL, EXPECTS_TLS).write(protocol);
            protocol.writeMessageEnd();
            transport.flush();
        } catch (TException e) {
            return; // not a Thrift call: nothing to answer
        }
        drainAndClose(plain);
    }

    /** Ends a TLS client's handshake on a plaintext port with an orderly close. */
    static void refuseTls(Socket plain) throws IOException {
        drainAndClose(plain);
    }

    /** Sends FIN, then reads what the peer still sends (bounded; the server's deadline ends a silent one). */
    private static void drainAndClose(Socket plain) throws IOException {
        plain.shutdownOutput();
        InputStream in = plain.getInputStream();
        byte[] buf = new byte[8192];
        int total = 0;
        int n;
        while (total < DRAIN_LIMIT && (n = in.read(buf)) >= 0) {
            total += n;
        }
        plain.close();
    }

    /** @return true when the exception is a server's answer that this port expects TLS */
    public static boolean isExpectsTls(TApplicationException e) {
        return e.getType() == TApplicationException.INVALID_PROTOCOL && e.getMessage() != null
                && e.getMessage().startsWith("this port expects TLS");
    }
}
