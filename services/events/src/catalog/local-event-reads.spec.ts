import { LocalEventReads } from './local-event-reads';

function aClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe(LocalEventReads.name, () => {
  it('serves what it was given until the TTL runs out', () => {
    const clock = aClock();
    const reads = new LocalEventReads(250, clock.now);
    reads.remember('e1', '{"entradas_disponibles":7}', reads.begin());
    clock.advance(249);
    expect(reads.get('e1')).toBe('{"entradas_disponibles":7}');
    clock.advance(1);
    expect(reads.get('e1')).toBeUndefined();
  });

  it('forgets an event at once when this process changes it', () => {
    const reads = new LocalEventReads(250, aClock().now);
    reads.remember('e1', 'old', reads.begin());
    reads.forget('e1');
    expect(reads.get('e1')).toBeUndefined();
  });

  it('refuses a value read before a change that finished first (it would hide the change for a whole TTL)', () => {
    const reads = new LocalEventReads(250, aClock().now);
    const readAt = reads.begin();
    reads.forget('e1'); // a reserve lands while the read is in flight
    reads.remember('e1', 'read before the reserve', readAt);
    expect(reads.get('e1')).toBeUndefined();
    reads.remember('e1', 'read after the reserve', reads.begin());
    expect(reads.get('e1')).toBe('read after the reserve');
  });

  it('still stores reads of other events while one changes', () => {
    const reads = new LocalEventReads(250, aClock().now);
    const readAt = reads.begin();
    reads.forget('e1');
    reads.remember('e2', 'e2', readAt);
    expect(reads.get('e2')).toBe('e2');
  });

  it('keeps at most its bound of events, dropping the oldest', () => {
    const reads = new LocalEventReads(250, aClock().now, 2);
    for (const id of ['e1', 'e2', 'e3']) reads.remember(id, id, reads.begin());
    expect([reads.get('e1'), reads.get('e2'), reads.get('e3')]).toEqual([undefined, 'e2', 'e3']);
  });

  it('refuses every read in flight when its history of changes is trimmed, rather than trust one it no longer remembers', () => {
    const reads = new LocalEventReads(250, aClock().now, 2);
    const readAt = reads.begin();
    reads.forget('e1');
    reads.forget('e2');
    reads.forget('e3'); // trims the history, e1's change included
    reads.remember('e1', 'stale', readAt);
    expect(reads.get('e1')).toBeUndefined();
  });

  it('stores nothing when turned off (TTL 0)', () => {
    const reads = new LocalEventReads(0, aClock().now);
    reads.remember('e1', 'x', reads.begin());
    expect(reads.get('e1')).toBeUndefined();
  });
});
