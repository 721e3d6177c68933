/*
 * Wire contract of the distributed MLP trainer.
 *
 * Binary protocol over a plain, unframed socket, no multiplexing: exactly the original course
 * project's transport. The original's part (struct Weights, struct TrainResult, Coordinator.train,
 * ComputeNode.train_with_weights) keeps its field ids, types and method names forever, so programs
 * written against the original IDL, in any language, interoperate with ours in any mix.
 *
 * Everything else is an addition made compatibly: new structs, new optional fields with new ids,
 * new methods, and declared exceptions on new methods only. The original's methods report
 * failures as a TApplicationException whose message names the problem, which every Thrift client
 * already understands.
 */
namespace java mlptrainer.rpc.gen
namespace py mlptrainer_rpc

/** V is (h+1) x k and W is (d+1) x h; row 0 of each is the bias row. */
struct Weights {
  1: list<list<double>> V,
  2: list<list<double>> W
}

/** accepted=false means the node rejected the task (policy 2) and sent no deltas. */
struct TrainResult {
  1: bool accepted,
  2: double training_error,
  3: Weights weights
}

/** The request cannot be served as asked: bad arguments, bad data, an unknown setting. */
exception InvalidRequest {
  1: string message
}

/** A missing or wrong shared-secret token. */
exception Unauthorized {
  1: string message
}

/** The node holds no shard with the requested content hash: resend the task with the shard's bytes. */
exception ShardMissing {
  1: string message,
  2: string sha256
}

/** No job has this id (it never existed, or the coordinator restarted). */
exception UnknownJob {
  1: string message
}

/** A job that ran and failed: the message says why (nodes tried, the failing file, ...). */
exception JobFailed {
  1: string message
}

/** One task for a compute node: train one shard from the given weights (ComputeNode.run_task). */
struct TaskRequest {
  /** The shard's file name, resolved against the node's data root, e.g. "letters/train_letters3.txt". */
  1: string training_file,
  2: Weights initial_weights,
  3: i32 k,
  4: i32 h,
  /** Learning rate for this task (the coordinator applies any schedule across rounds). */
  5: double eta,
  6: i32 epochs,
  7: i32 scheduling_policy,
  /** SHA-256 (hex) of the shard's bytes as the coordinator has it; the node trains only that version. */
  8: optional string shard_sha256,
  /** The shard's bytes, sent when the node lacks this version (see ShardMissing). */
  9: optional binary shard_bytes,
  /**
   * Training settings beyond the course algorithm, by name (see docs). A node refuses a task
   * whose settings it does not know, rather than ignoring them. Empty = the course algorithm.
   */
  10: optional map<string, string> settings,
  /** Input standardisation: x' = (x - mean) / scale per feature, when both are set. */
  11: optional list<double> feature_mean,
  12: optional list<double> feature_scale,
  13: optional string auth_token,
  /** Identifies the task in the node's log: "job 3 round 2/15 shard 7". */
  14: optional string label,
  /** Seeds the mini-batch shuffling of this task; the coordinator derives it from (round, shard). */
  15: optional i64 shuffle_seed,
  /**
   * initial_weights packed: V's (h+1) x k values, then W's (d+1) x h, each row-major, as IEEE-754
   * doubles of 8 bytes in big-endian order (Thrift's own byte order for a double); d follows from
   * the length. Sent instead of initial_weights to nodes whose NodeInfo.packed_weights is true,
   * which then answer with TaskResult.deltas_packed; when both are set, such a node reads this one.
   */
  16: optional binary initial_packed,
  /**
   * Names the task for CancellableComputeNode.cancel_tasks: unique per coordinator instance, job,
   * round and shard, and unguessable by other peers (it starts with a random part). At most 200
   * characters.
   */
  17: optional string cancel_key,
  /**
   * The most milliseconds the node spends on the task, counted from its arrival (waiting for a
   * slot included); the node stops the task then and answers InvalidRequest. The coordinator sends
   * a little more than its task timeout, so a task it has abandoned does not run on even when its
   * cancel_tasks does not arrive. Unset: no limit.
   */
  18: optional i64 budget_ms
}

struct TaskResult {
  1: bool accepted,
  /** Error rate (argmax) on the shard after training. */
  2: double training_error,
  /** Trained minus initial weights; unset when not accepted. */
  3: Weights deltas,
  4: i32 epochs_run,
  /** Training loss on the shard after training. */
  5: double training_loss,
  /** Time the node spent on the task, in milliseconds, injected load included. */
  6: i64 busy_ms,
  /** The deltas packed as TaskRequest.initial_packed; set instead of deltas when the request came packed. */
  7: optional binary deltas_packed
}

struct NodeInfo {
  1: string version,
  /** Tasks the node runs at once; the coordinator sends it no more than that. */
  2: i32 slots,
  3: double load_probability,
  /** The names of the TaskRequest.settings this node understands. */
  4: set<string> supported_settings,
  5: bool shard_shipping,
  /** The node reads TaskRequest.initial_packed and answers it with TaskResult.deltas_packed. */
  6: optional bool packed_weights
}

/** A training job as the new client starts it (Coordinator.start_job). */
struct JobRequest {
  1: string dir,
  2: i32 rounds,
  3: i32 epochs,
  4: i32 h,
  5: i32 k,
  6: double eta,
  7: optional map<string, string> settings,
  /** Resume from this request's checkpoint, when the coordinator has a matching one. */
  8: optional bool resume,
  9: optional string auth_token
}

enum JobState {
  RUNNING = 1,
  SUCCEEDED = 2,
  FAILED = 3,
  CANCELLED = 4
}

struct RoundStat {
  1: i32 round,
  2: double validation_error,
  3: double mean_training_error,
  4: i64 elapsed_ms,
  5: i32 epochs_run
}

/**
 * A compute node and counts of the task attempts sent to it: in JobStatus.nodes those of that job's
 * tasks only (a job resumed from a checkpoint counts the rounds it ran itself), in
 * CoordinatorStatus.nodes those of every job since the coordinator started. Counts are per attempt:
 * a task offered to a node twice, or also run as a backup elsewhere, counts at each attempt.
 * up and last_error are the node's state when the status is read, in both lists.
 */
struct NodeStat {
  /** "host:port" */
  1: string node,
  /** Not known to be down (no failed call since its last answer) and listed, or joined with a live lease. */
  2: bool up,
  /** Attempts the node trained and answered with usable deltas. */
  3: i32 tasks_accepted,
  /** Attempts the node declined (scheduling policy 2). */
  4: i32 tasks_rejected,
  /** Attempts that ended in an error, unusable deltas or no answer. */
  5: i32 tasks_failed,
  /** The coordinator's wall time of the accepted attempts, call to answer, in milliseconds. */
  6: i64 busy_ms,
  /** The node's most recent error, from any job (or "left"); kept after the node recovers. */
  7: optional string last_error
}

/** Which node runs which shard now. */
struct Assignment {
  1: i32 shard,
  2: string node
}

struct JobStatus {
  1: string job_id,
  2: JobState state,
  /** Rounds completed so far. */
  3: i32 round,
  4: i32 rounds,
  /** Tasks of the current round done and in all. */
  5: i32 tasks_done,
  6: i32 tasks_total,
  7: i32 rejections,
  8: i32 retries,
  9: list<string> failed_nodes,
  10: list<RoundStat> rounds_done,
  11: i64 elapsed_ms,
  12: list<Assignment> running,
  /** The nodes offered this job's tasks, with this job's counts (see NodeStat). */
  13: list<NodeStat> nodes,
  /** The final validation error (SUCCEEDED), or why it failed (FAILED). */
  14: optional double final_error,
  15: optional string error,
  16: optional JobRequest request,
  /** Best round by validation error and its error. */
  17: optional i32 best_round,
  18: optional double best_error
}

/** A finished job's model: the last round's weights and, when kept, the best round's. */
struct JobModel {
  1: Weights last,
  2: optional Weights best,
  3: i32 d,
  4: i32 h,
  5: i32 k,
  6: map<string, string> settings,
  7: optional list<double> feature_mean,
  8: optional list<double> feature_scale,
  /** SHA-256 (hex) of the data directory's dataset.json, when it has one: what data the model fits. */
  9: optional string dataset_fingerprint,
  /** That manifest's label names, class i's i-th (k of them); unset without a manifest. */
  10: optional list<string> label_names
}

struct CoordinatorStatus {
  1: string version,
  /** Every node the coordinator knows, with counts across all its jobs (see NodeStat). */
  2: list<NodeStat> nodes,
  3: list<JobStatus> jobs
}

service Coordinator {
  /** The original's call: trains and returns the final validation error; blocks until done. */
  double train(1: string dir, 2: i32 rounds, 3: i32 epochs, 4: i32 h, 5: i32 k, 6: double eta),

  /** Starts a job and returns its id at once; follow it with job_status. */
  string start_job(1: JobRequest request) throws (1: InvalidRequest invalid, 2: Unauthorized unauthorized),
  /** The job's progress; waits up to wait_ms for a change (0: answers at once). */
  JobStatus job_status(1: string job_id, 2: i32 wait_ms, 3: string auth_token)
      throws (1: UnknownJob unknown, 2: Unauthorized unauthorized),
  JobModel job_model(1: string job_id, 2: string auth_token)
      throws (1: UnknownJob unknown, 2: JobFailed failed, 3: Unauthorized unauthorized),
  void cancel_job(1: string job_id, 2: string auth_token) throws (1: UnknownJob unknown, 2: Unauthorized unauthorized),
  CoordinatorStatus status(1: string auth_token) throws (1: Unauthorized unauthorized),
  /**
   * The job's task attempts so far as Chrome trace events (JSON text, one track per node), for
   * Perfetto or chrome://tracing. At most SizeLimits.MAX_TRACE_BYTES of UTF-8: a longer trace keeps
   * its first attempts and says how many it left out.
   */
  string job_trace(1: string job_id, 2: string auth_token) throws (1: UnknownJob unknown, 2: Unauthorized unauthorized),

  /** A compute node joins (or re-joins) and keeps itself listed by calling this again within the lease. */
  i32 heartbeat(1: string host, 2: i32 port, 3: string auth_token) throws (1: Unauthorized unauthorized, 2: InvalidRequest invalid),
  void leave(1: string host, 2: i32 port, 3: string auth_token) throws (1: Unauthorized unauthorized)
}

service ComputeNode {
  /** The original's call. */
  TrainResult train_with_weights(1: string training_file, 2: Weights initial_weights, 3: double load_probability,
      4: i32 k, 5: i32 h, 6: double eta, 7: i32 epochs, 8: i32 scheduling_policy),

  NodeInfo describe(1: string auth_token) throws (1: Unauthorized unauthorized),
  TaskResult run_task(1: TaskRequest request)
      throws (1: InvalidRequest invalid, 2: ShardMissing missing, 3: Unauthorized unauthorized)
}

/**
 * A compute node whose tasks can be stopped: ComputeNode's calls plus cancel_tasks, on the same
 * port and wire (a service's methods are called by name alone). A separate service, so that
 * implementations of ComputeNode alone keep compiling and answer cancel_tasks as an unknown method,
 * as the original's nodes and older versions of ours do.
 */
service CancellableComputeNode extends ComputeNode {
  /**
   * Stops the tasks running with TaskRequest.cancel_key = key within about one epoch; their
   * run_task calls answer InvalidRequest. Returns how many tasks were asked to stop (0 when none
   * runs with that key, which is no error). Tasks of train_with_weights carry no key: they cannot
   * be cancelled.
   */
  i32 cancel_tasks(1: string key, 2: string auth_token) throws (1: Unauthorized unauthorized)
}
