/**
 * Recognises driver errors that mean "the store cannot be reached right now",
 * as opposed to a bug. Checked by name/message because the drivers do not share classes.
 */
export function storeUnavailableName(error: unknown): 'MongoDB' | 'Redis' | undefined {
  if (!(error instanceof Error)) return undefined;
  const name = error.name;
  const message = error.message;
  if (
    /^Mongo(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared)Error$/.test(name) ||
    (/buffering timed out|Client must be connected|connection .* closed|Topology is closed/i.test(message) && /mongo/i.test(name + message))
  ) {
    return 'MongoDB';
  }
  if (
    name === 'MaxRetriesPerRequestError' ||
    (/Connection is closed|enableOfflineQueue|ECONNREFUSED .*:\d+|Redis|LOADING/i.test(message) && !/^Mongo/.test(name))
  ) {
    return 'Redis';
  }
  return undefined;
}
