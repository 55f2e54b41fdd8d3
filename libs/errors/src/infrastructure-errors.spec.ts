import { MongoNetworkTimeoutError, MongoServerError, MongoServerSelectionError, MongoNetworkError } from 'mongodb';
import { mayHaveWritten, storeUnavailableName } from './infrastructure-errors';

type ErrorClass = new (...args: never[]) => Error;
// The connection-pool errors are not exported from the driver's entry point, nor typed.
const CMAP = 'mongodb/lib/cmap/errors';
const { PoolClearedOnNetworkError, WaitQueueTimeoutError } = require(CMAP) as Record<string, ErrorClass>; // eslint-disable-line @typescript-eslint/no-require-imports

describe('store outages', () => {
  it.each([
    ['the pool cleared by a network failure (A1: FerretDB paused)', new PoolClearedOnNetworkError({ address: '127.0.0.1:27017' } as never)],
    ['a wait-queue timeout', new WaitQueueTimeoutError('timed out' as never, '127.0.0.1:27017' as never)],
    ['no server to select', new MongoServerSelectionError('no server', { error: undefined } as never)],
    ['a network timeout', new MongoNetworkTimeoutError('socket timeout')],
    ['a reset connection', new MongoNetworkError('connection reset')],
    ['a primary stepping down', Object.assign(new MongoServerError({ message: 'not primary' }), { code: 10107 })],
  ])('A1: recognises %s as MongoDB being unavailable (a 503, never a 500)', (_label, error) => {
    expect(storeUnavailableName(error)).toBe('MongoDB');
  });

  it.each([
    ['a cluster whose failed master is not replaced yet', 'CLUSTERDOWN The cluster is down'],
    ['a slot migrating', 'TRYAGAIN Multiple keys request during rehashing of slot'],
    ['a write that reached a demoted master', "READONLY You can't write against a read only replica."],
    ['a failover that outlasted the redirections', 'Too many Cluster redirections. Last error: Error: Connection is closed.'],
  ])('recognises %s as Redis being unavailable (a 503, never a 500)', (_label, message) => {
    expect(storeUnavailableName(Object.assign(new Error(message), { name: 'ReplyError' }))).toBe('Redis');
  });

  it('does not take a bug or a duplicate key for an outage', () => {
    expect(storeUnavailableName(new TypeError('x is undefined'))).toBeUndefined();
    expect(storeUnavailableName(Object.assign(new MongoServerError({ message: 'E11000 duplicate key' }), { code: 11000 }))).toBeUndefined();
  });

  it('H4: tells a write that never left the process from one that may have reached the server', () => {
    expect(mayHaveWritten(new MongoServerSelectionError('no server', { error: undefined } as never))).toBe(false);
    expect(mayHaveWritten(new PoolClearedOnNetworkError({ address: '127.0.0.1:27017' } as never))).toBe(false);
    expect(mayHaveWritten(new MongoNetworkTimeoutError('socket timeout'))).toBe(true);
  });
});
