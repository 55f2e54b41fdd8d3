import { FreshReads } from './fresh-reads';

describe(FreshReads.name, () => {
  let clock: number;
  let reads: number;
  const read = async () => ++reads;

  beforeEach(() => {
    clock = 0;
    reads = 0;
  });

  it('shares one read within the freshness window, and reads again after it', async () => {
    const fresh = new FreshReads<number>(1_000, () => clock);
    expect(await Promise.all([fresh.get('k', read), fresh.get('k', read)])).toEqual([1, 1]);
    clock += 999;
    expect(await fresh.get('k', read)).toBe(1);
    clock += 2;
    expect(await fresh.get('k', read)).toBe(2);
  });

  it('does not reuse a failed read', async () => {
    const fresh = new FreshReads<number>(1_000, () => clock);
    await expect(fresh.get('k', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await fresh.get('k', read)).toBe(1);
  });

  it('keeps at most its bound of keys, forgetting the oldest', async () => {
    const fresh = new FreshReads<number>(1_000, () => clock, 2);
    for (const key of ['a', 'b', 'c']) await fresh.get(key, read);
    expect(await fresh.get('c', read)).toBe(3);
    expect(await fresh.get('a', read)).toBe(4);
  });
});
