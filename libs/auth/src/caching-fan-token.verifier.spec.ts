import { CachingFanTokenVerifier } from './caching-fan-token.verifier';

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

  it('asks again after the TTL, so a revoked token stops working', async () => {
    const answers: Record<string, string | null> = { t1: 'u1' };
    const { verifier, asked, advance } = verifierWith(answers, 1_000);
    await verifier.verify('t1');
    answers.t1 = null;
    advance(1_001);
    expect(await verifier.verify('t1')).toBeUndefined();
    expect(asked).toHaveLength(2);
  });

  it('never caches an unknown token', async () => {
    const { verifier, asked } = verifierWith({});
    await verifier.verify('bad');
    await verifier.verify('bad');
    expect(asked).toEqual(['bad', 'bad']);
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
