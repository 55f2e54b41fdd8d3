/**
 * Driver errors that mean "the store cannot be reached right now", as opposed to a bug. Checked by
 * name (and the driver's retryable labels) because mongoose bundles its own copy of the driver, so
 * classes are not shared.
 */
const MONGO_NOT_SENT = new Set([
  // The command never left this process: nothing was written.
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoClientClosedError',
]);
const MONGO_AMBIGUOUS = new Set([
  // The command may have reached the server: a write may or may not have happened.
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoOperationTimeoutError',
  'MongoServerClosedError',
  'MongoStalePrimaryError',
  'MongoWriteConcernError',
]);
/** Server answers that mean "not now" (a primary stepping down, a node shutting down, a network blip between nodes). */
const MONGO_RETRYABLE_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

export type StoreName = 'MongoDB' | 'Redis';

function mongoErrorKind(error: Error): 'not_sent' | 'ambiguous' | undefined {
  if (MONGO_NOT_SENT.has(error.name)) return 'not_sent';
  if (MONGO_AMBIGUOUS.has(error.name)) return 'ambiguous';
  const { code, errorLabels } = error as Error & { code?: unknown; errorLabels?: unknown };
  const labels = errorLabels instanceof Set ? [...errorLabels] : Array.isArray(errorLabels) ? errorLabels : [];
  if (/^Mongo/.test(error.name) && (labels.includes('RetryableWriteError') || labels.includes('ResetPool'))) return 'ambiguous';
  if (/^Mongo/.test(error.name) && typeof code === 'number' && MONGO_RETRYABLE_CODES.has(code)) return 'ambiguous';
  if (
    /buffering timed out|Client must be connected|connection .* closed|Topology is closed/i.test(error.message) &&
    /mongo/i.test(error.name + error.message)
  ) {
    return 'not_sent';
  }
  return undefined;
}

export function storeUnavailableName(error: unknown): StoreName | undefined {
  if (!(error instanceof Error)) return undefined;
  if (mongoErrorKind(error)) return 'MongoDB';
  const { name, message } = error;
  if (
    name === 'MaxRetriesPerRequestError' ||
    name === 'ClusterAllFailedError' ||
    (/Connection is closed|enableOfflineQueue|ECONNREFUSED .*:\d+|Redis|LOADING/i.test(message) && !/^Mongo/.test(name)) ||
    // A Redis Cluster between a master's loss and its replica's promotion, or a write that reached a demoted master.
    /^(CLUSTERDOWN|TRYAGAIN|MASTERDOWN|READONLY) |^Too many Cluster redirections|^Cluster is (disconnected|disconnecting|ended)/.test(
      message,
    )
  ) {
    return 'Redis';
  }
  return undefined;
}

/** Whether a failed MongoDB write may still have happened (it may have reached the server): read it back before answering. */
export function mayHaveWritten(error: unknown): boolean {
  return error instanceof Error && mongoErrorKind(error) !== 'not_sent';
}
