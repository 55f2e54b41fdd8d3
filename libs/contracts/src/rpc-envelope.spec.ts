import { canonicalJson, RPC_REPLAY_WINDOW_MS, RpcSigner } from './rpc-envelope';

const SECRET_A = `a:${'A'.repeat(43)}`;
const SECRET_B = `b:${'B'.repeat(43)}`;

describe(RpcSigner.name, () => {
  const payload = { evento_id: 'e1', reserva_id: 'r1', cantidad: 2 };

  it('accepts what it signed, once, and opens it into payload and meta', () => {
    const signer = new RpcSigner(SECRET_A);
    const envelope = signer.sign('events.inventory.reserve', payload, { requestId: 'req-1' });
    expect(signer.verify('events.inventory.reserve', envelope)).toEqual({ ok: true, payload, meta: { requestId: 'req-1' } });
    expect(signer.verify('events.inventory.reserve', envelope)).toEqual({ ok: false, reason: 'replayed', kid: 'a' });
  });

  it('carries the trace context under the signature: a traceparent swapped in transit is refused', () => {
    const signer = new RpcSigner(SECRET_A);
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const envelope = signer.sign('events.inventory.reserve', payload, { requestId: 'req-1', traceparent });
    const forged = { ...envelope, meta: { ...envelope.meta, traceparent: '00-11111111111111111111111111111111-2222222222222222-01' } };
    expect(signer.verify('events.inventory.reserve', forged)).toMatchObject({ ok: false, reason: 'bad signature' });
    expect(signer.verify('events.inventory.reserve', envelope)).toEqual({ ok: true, payload, meta: { requestId: 'req-1', traceparent } });
  });

  it('verifies with every secret of the list and signs with the first (rotation)', () => {
    const old = new RpcSigner(SECRET_B);
    const rotated = new RpcSigner(`${SECRET_A},${SECRET_B}`);
    expect(rotated.verify('users.get', old.sign('users.get', payload))).toMatchObject({ ok: true });
    expect(rotated.sign('users.get', payload).signature.kid).toBe('a');
    expect(old.verify('users.get', rotated.sign('users.get', payload))).toEqual({ ok: false, reason: 'unknown key', kid: 'a' });
  });

  it('refuses an unsigned, tampered, redirected or foreign message', () => {
    const signer = new RpcSigner(SECRET_A);
    const signed = () => signer.sign('events.inventory.release', payload);
    expect(signer.verify('events.inventory.release', payload)).toMatchObject({ ok: false, reason: 'unsigned' });
    expect(signer.verify('events.inventory.release', { ...signed(), payload: { ...payload, reserva_id: 'r2' } })).toMatchObject({
      reason: 'bad signature',
    });
    expect(signer.verify('events.inventory.release', { ...signed(), meta: { requestId: 'other' } })).toMatchObject({
      reason: 'bad signature',
    });
    expect(signer.verify('events.inventory.commit', signed())).toMatchObject({ reason: 'bad signature' });
    expect(
      signer.verify('events.inventory.release', new RpcSigner(`a:${'C'.repeat(43)}`).sign('events.inventory.release', payload)),
    ).toMatchObject({
      reason: 'bad signature',
    });
  });

  it(`refuses a message signed more than ${RPC_REPLAY_WINDOW_MS} ms away from now`, () => {
    let clock = 1_000_000;
    const signer = new RpcSigner(SECRET_A, () => clock);
    const envelope = signer.sign('users.get', payload);
    clock += RPC_REPLAY_WINDOW_MS + 1;
    expect(signer.verify('users.get', envelope)).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('signs what the transport will carry: undefined fields dropped, dates as text', () => {
    const signer = new RpcSigner(SECRET_A);
    const envelope = signer.sign('users.purchases.append', { a: undefined, when: new Date(0), n: 1 });
    const overTheWire = JSON.parse(JSON.stringify(envelope));
    expect(signer.verify('users.purchases.append', overTheWire)).toEqual({
      ok: true,
      payload: { when: '1970-01-01T00:00:00.000Z', n: 1 },
      meta: {},
    });
  });
});

describe(canonicalJson.name, () => {
  it('writes the same text whatever the order of keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
