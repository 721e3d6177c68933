package mlptrainer.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mlptrainer.coordinator.NodeAddress;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.testing.TestCluster;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many connections that each claim a 60 MiB shard and then send nothing: the node must not
 * allocate the claimed bytes (it reads long fields in chunks), so its heap stays small and it
 * keeps training. Without chunked reads, 48 such claims ask for 2.8 GiB, beyond the test heap.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClaimedLengthTest {
    private static final int CONNECTIONS = 48;
    private static final int CLAIMED = 60 << 20;
    @TempDir
    Path root;

    private static byte[] runTaskClaimingShardBytes() throws Exception {
        TMemoryBuffer buf = new TMemoryBuffer(256);
        TBinaryProtocol p = new TBinaryProtocol(buf);
        p.writeMessageBegin(new TMessage("run_task", TMessageType.CALL, 1));
        p.writeStructBegin(new TStruct("run_task_args"));
        p.writeFieldBegin(new TField("request", TType.STRUCT, (short) 1));
        p.writeStructBegin(new TStruct("TaskRequest"));
        p.writeFieldBegin(new TField("shard_bytes", TType.STRING, (short) 9));
        p.writeI32(CLAIMED);
        return java.util.Arrays.copyOf(buf.getArray(), buf.length());
    }

    @Test
    void claimedButUnsentBytesCostNoMemoryAndTheNodeKeepsServing() throws Exception {
        TestCluster.writeData(root, "data");
        try (TestCluster cluster = new TestCluster(root).nodes(1)) {
            NodeAddress node = cluster.addresses().get(0);
            byte[] claim = runTaskClaimingShardBytes();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket s = new Socket(node.host(), node.port());
                    OutputStream out = s.getOutputStream();
                    out.write(claim);
                    out.write(new byte[1024]);
                    out.flush();
                    open.add(s);
                }
                cluster.coordinator(1);
                TestCluster.JobResult r = cluster.runJob("data");
                assertEquals(JobState.SUCCEEDED, r.status().getState(), r.status().getError());
                System.gc();
                long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                assertTrue(used < 512L << 20, "heap used with " + CONNECTIONS + " claims open: " + (used >> 20) + " MiB");
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}
