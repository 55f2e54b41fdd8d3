import { CachingFanTokenVerifier, NEGATIVE_TTL_MS } from './caching-fan-token.verifier';

describe(CachingFanTokenVerifier.name, () => {
  function verifierWith(answers: Record<string, string | null>, ttlMs = 30_000, size = 10) {
    let clock = 0;
    const asked: string[] = [];
    const verifier = new CachingFanTokenVerifier(
      async (token) => {
        asked.push(token);
        return answers[token] ?? null;
      },
      ttlMs,
      size,
      () => clock,
    );
    return { verifier, asked, advance: (ms: number) => (clock += ms) };
  }

  it('asks the users service once per token within the TTL', async () => {
    const { verifier, asked } = verifierWith({ t1: 'u1' });
    expect(await verifier.verify('t1')).toBe('u1');
    expect(await verifier.verify('t1')).toBe('u1');
    expect(asked).toEqual(['t1']);
  });

  it('remembers a resolved fan without a look-up, and nothing for a token never resolved or expired', async () => {
    const { verifier, asked, advance } = verifierWith({ t1: 'u1', t2: 'u2' }, 1_000);
    expect(verifier.remembered('t1')).toBeUndefined();
    await verifier.verify('t1');
    await verifier.verify('bad');
    expect(verifier.remembered('t1')).toBe('u1');
    expect(verifier.remembered('bad')).toBeUndefined();
    expect(verifier.remembered('t2')).toBeUndefined();
    advance(1_001);
    expect(verifier.remembered('t1')).toBeUndefined();
    expect(asked).toEqual(['t1', 'bad']);
  });

  it('asks again after the TTL, so a revoked token stops working', async () => {
    const answers: Record<string, string | null> = { t1: 'u1' };
    const { verifier, asked, advance } = verifierWith(answers, 1_000);
    await verifier.verify('t1');
    answers.t1 = null;
    advance(1_001);
    expect(await verifier.verify('t1')).toBeUndefined();
    expect(asked).toHaveLength(2);
  });

  it('remembers an unknown token briefly, so a repeated bad token costs one lookup per window', async () => {
    const { verifier, asked, advance } = verifierWith({});
    expect(await verifier.verify('bad')).toBeUndefined();
    expect(await verifier.verify('bad')).toBeUndefined();
    expect(asked).toEqual(['bad']);
    advance(NEGATIVE_TTL_MS + 1);
    await verifier.verify('bad');
    expect(asked).toEqual(['bad', 'bad']);
  });

  it('keeps known fans cached while a flood of unknown tokens passes through', async () => {
    const { verifier, asked } = verifierWith({ fan: 'u1' }, 30_000, 3);
    await verifier.verify('fan');
    for (const token of ['x1', 'x2', 'x3', 'x4', 'x5']) await verifier.verify(token);
    expect(await verifier.verify('fan')).toBe('u1');
    expect(asked.filter((token) => token === 'fan')).toHaveLength(1);
  });

  it('does not remember a lookup that failed', async () => {
    let calls = 0;
    const verifier = new CachingFanTokenVerifier(
      async () => {
        calls++;
        throw new Error('users service is unavailable');
      },
      30_000,
      10,
    );
    await expect(verifier.verify('t')).rejects.toThrow(/unavailable/);
    await expect(verifier.verify('t')).rejects.toThrow(/unavailable/);
    expect(calls).toBe(2);
  });

  it('shares one lookup between concurrent requests and stays within its size bound', async () => {
    const { verifier, asked } = verifierWith({ a: '1', b: '2', c: '3' }, 30_000, 2);
    await Promise.all([verifier.verify('a'), verifier.verify('a'), verifier.verify('a')]);
    expect(asked).toEqual(['a']);
    await verifier.verify('b');
    await verifier.verify('c');
    await verifier.verify('a');
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
