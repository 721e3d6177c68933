package mlptrainer.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import mlptrainer.model.MlpWeights;
import mlptrainer.rpc.WrongProtocol;
import mlptrainer.rpc.gen.InvalidRequest;
import mlptrainer.rpc.gen.JobFailed;
import mlptrainer.rpc.gen.JobModel;
import mlptrainer.rpc.gen.JobRequest;
import mlptrainer.rpc.gen.JobState;
import mlptrainer.rpc.gen.JobStatus;
import mlptrainer.rpc.gen.NodeStat;
import mlptrainer.rpc.gen.RoundStat;
import mlptrainer.rpc.gen.Unauthorized;
import mlptrainer.rpc.gen.UnknownJob;
import mlptrainer.rpc.gen.Weights;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;

/**
 * The client's one translation between the coordinator's wire types (generated from the IDL) and
 * its own: statuses become {@link JobSnapshot}s, models become {@link SavedModel}s, requests go out
 * as {@link JobRequest}s and the coordinator's exceptions become {@link ClientFailure}s. Values
 * are copied as the coordinator sent them; absent optional fields become empty, absent lists
 * empty. Stateless and thread-safe.
 */
public final class WireMapping {
    private WireMapping() {
    }

    /** The wire form of a request, without credentials. */
    public static JobRequest toWire(TrainingRequest r, boolean resume) {
        JobRequest wire = new JobRequest(r.dir(), r.rounds(), r.epochs(), r.h(), r.k(), r.eta());
        wire.setResume(resume);
        if (!r.settings().isEmpty()) {
            wire.setSettings(r.settings());
        }
        return wire;
    }

    /** A job's status as the client shows and saves it. */
    public static JobSnapshot job(JobStatus s) {
        return new JobSnapshot(s.getJob_id(), phase(s.getState()), s.getRound(), s.getRounds(),
                s.getTasks_done(), s.getTasks_total(), s.getRunningSize(), s.getRejections(), s.getRetries(),
                orEmpty(s.getFailed_nodes()), orEmpty(s.getRounds_done()).stream().map(WireMapping::round).toList(),
                s.getElapsed_ms(), orEmpty(s.getNodes()).stream().map(WireMapping::node).toList(),
                s.isSetFinal_error() ? OptionalDouble.of(s.getFinal_error()) : OptionalDouble.empty(), s.getError(),
                Optional.ofNullable(s.getRequest()).map(WireMapping::request),
                s.isSetBest_round() ? Optional.of(new BestRound(s.getBest_round(), s.getBest_error()))
                        : Optional.empty());
    }

    private static JobPhase phase(JobState state) {
        Objects.requireNonNull(state, "the coordinator sent a job status without a state");
        return switch (state) {
            case RUNNING -> JobPhase.RUNNING;
            case SUCCEEDED -> JobPhase.SUCCEEDED;
            case FAILED -> JobPhase.FAILED;
            case CANCELLED -> JobPhase.CANCELLED;
        };
    }

    /** A finished round. */
    public static RoundResult round(RoundStat r) {
        return new RoundResult(r.getRound(), r.getValidation_error(), r.getMean_training_error(), r.getElapsed_ms(),
                r.getEpochs_run());
    }

    /** A node's counts. */
    public static NodeCounts node(NodeStat n) {
        return new NodeCounts(n.getNode(), n.isUp(), n.getTasks_accepted(), n.getTasks_rejected(),
                n.getTasks_failed(), n.getBusy_ms(), Optional.ofNullable(n.getLast_error()));
    }

    /** The request a status echoes; its settings keep the order the wire map iterates in. */
    public static TrainingRequest request(JobRequest r) {
        return new TrainingRequest(r.getDir(), r.getRounds(), r.getEpochs(), r.getH(), r.getK(), r.getEta(),
                r.isSetSettings() ? r.getSettings() : Map.of());
    }

    /**
     * A finished job's models. @throws IllegalArgumentException when a weight row does not have
     * the width the model's sizes give
     */
    public static TrainedModels models(JobModel m) {
        SavedModel last = savedModel(m, m.getLast());
        return new TrainedModels(last, m.isSetBest() ? savedModel(m, m.getBest()) : last);
    }

    private static SavedModel savedModel(JobModel m, Weights w) {
        MlpWeights weights = new MlpWeights(m.getD(), m.getH(), m.getK(), flatten(w.getW(), m.getH()),
                flatten(w.getV(), m.getK()));
        return new SavedModel(weights, m.getSettings() == null ? Map.of() : m.getSettings(),
                toArray(m.isSetFeature_mean() ? m.getFeature_mean() : null),
                toArray(m.isSetFeature_scale() ? m.getFeature_scale() : null),
                m.isSetDataset_fingerprint() ? m.getDataset_fingerprint() : null,
                m.isSetLabel_names() ? m.getLabel_names() : List.of());
    }

    private static double[] flatten(List<List<Double>> rows, int columns) {
        double[] out = new double[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != columns) {
                throw new IllegalArgumentException("weight row " + r + " has " + rows.get(r).size()
                        + " values, expected " + columns);
            }
            for (int c = 0; c < columns; c++) {
                out[r * columns + c] = rows.get(r).get(c);
            }
        }
        return out;
    }

    private static double[] toArray(List<Double> list) {
        return list == null ? null : list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /**
     * What a failed call to the coordinator at {@code address} ("host:port") means to the user:
     * a refused request or refused credentials, a port that expects TLS, a server that is not a
     * coordinator, a failure the coordinator reported, or a lost connection.
     */
    public static ClientFailure failure(TException e, String address) {
        if (e instanceof InvalidRequest) {
            return new ClientFailure(ClientFailure.Kind.REFUSED, "the coordinator refused the request: "
                    + e.getMessage(), e);
        }
        if (e instanceof Unauthorized) {
            return new ClientFailure(ClientFailure.Kind.REFUSED, "the coordinator refused our credentials: "
                    + e.getMessage(), e);
        }
        if (e instanceof TApplicationException app && app.getType() == TApplicationException.UNKNOWN_METHOD) {
            return unknownCall(app, address);
        }
        if (e instanceof TApplicationException app) {
            return WrongProtocol.isExpectsTls(app)
                    ? new ClientFailure(ClientFailure.Kind.UNREACHABLE, "the coordinator at " + address
                            + " refused the call: " + e.getMessage(), e)
                    : new ClientFailure(ClientFailure.Kind.FAILED, "training failed: " + e.getMessage(), e);
        }
        return new ClientFailure(ClientFailure.Kind.UNREACHABLE, "lost the coordinator at " + address + ": "
                + e.getMessage(), e);
    }

    /**
     * Every coordinator, the original's too, knows {@code train}; a server that does not is no
     * coordinator (a compute node answers so). One that lacks only our later calls may be the
     * original's coordinator.
     */
    private static ClientFailure unknownCall(TApplicationException e, String address) {
        String why = " (it does not know the coordinator's calls: " + e.getMessage() + ")";
        if (e.getMessage() != null && e.getMessage().endsWith("'train'")) {
            return new ClientFailure(ClientFailure.Kind.REFUSED, address + " is not a coordinator" + why
                    + "; it looks like a compute node: give the coordinator's port", e);
        }
        return new ClientFailure(ClientFailure.Kind.REFUSED, address + " is not one of our coordinators" + why
                + "; the original's coordinator takes only the course settings, and a compute node none", e);
    }

    /** Like {@link #failure}, for a failed fetch of a finished job's model: a job the coordinator no longer has. */
    public static ClientFailure modelFailure(TException e, String address) {
        if (e instanceof JobFailed || e instanceof UnknownJob) {
            return new ClientFailure(ClientFailure.Kind.FAILED, "cannot fetch the trained model: " + e.getMessage()
                    + " (the coordinator may have restarted; train again)", e);
        }
        return failure(e, address);
    }
}
