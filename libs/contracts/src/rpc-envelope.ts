import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * What travels beside a payload on the internal transport. Part of the message body, not of
 * TCP, so any transport (NATS later) carries it as it is; a `traceparent` belongs here too.
 */
export interface RpcMeta {
  requestId?: string;
  traceparent?: string;
}

/** Proof that one of EventFlow's services sent this message, for this pattern, just now. */
export interface RpcSignature {
  /** Which shared secret signed (RPC_SECRETS id). */
  kid: string;
  /** Milliseconds since the epoch, when it was signed. */
  ts: number;
  /** Random per message: a captured message cannot be replayed within the window. */
  nonce: string;
  /** base64url HMAC-SHA256 of {@link signedText}. */
  mac: string;
}

export interface RpcEnvelope {
  payload: unknown;
  meta: RpcMeta;
  signature: RpcSignature;
}

export type RpcRefusal = 'unsigned' | 'unknown key' | 'stale' | 'replayed' | 'bad signature';

export type OpenedEnvelope =
  { ok: true; payload: Record<string, unknown>; meta: RpcMeta } | { ok: false; reason: RpcRefusal; kid?: string };

/** How far a signature's time may be from ours: clocks of one deployment agree to well under this. */
export const RPC_REPLAY_WINDOW_MS = 30_000;
const MAX_REMEMBERED_NONCES = 200_000;

/** JSON with object keys sorted at every level: both sides serialize the same value to the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const entries = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function signedText(pattern: string, payload: unknown, meta: RpcMeta, kid: string, ts: number, nonce: string): string {
  return `eventflow-rpc-v1\n${pattern}\n${kid}\n${ts}\n${nonce}\n${canonicalJson({ meta, payload })}`;
}

function parseSecrets(list: string): { kid: string; secret: string }[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => ({ kid: entry.slice(0, entry.indexOf(':')), secret: entry.slice(entry.indexOf(':') + 1) }));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Signs and verifies internal messages with the shared secrets of RPC_SECRETS (`id:secret,…`):
 * the first signs, every one verifies, so a secret can be rotated without downtime. The MAC covers
 * the pattern, the payload and the meta, so a message cannot be redirected to another handler or
 * altered; the timestamp and nonce bound replays to nothing.
 */
export class RpcSigner {
  private readonly secrets: Map<string, string>;
  private readonly signingKid: string;
  /** nonce → when it leaves the window; messages older than the window are refused anyway. */
  private readonly seen = new Map<string, number>();

  constructor(
    secretList: string,
    private readonly now: () => number = Date.now,
  ) {
    const secrets = parseSecrets(secretList);
    if (secrets.length === 0) throw new Error('RPC_SECRETS holds no id:secret pair');
    this.secrets = new Map(secrets.map(({ kid, secret }) => [kid, secret]));
    this.signingKid = secrets[0].kid;
  }

  static fromProcessEnv(): RpcSigner {
    const secrets = process.env.RPC_SECRETS;
    if (!secrets) throw new Error('RPC_SECRETS is not set: internal messages cannot be signed');
    return new RpcSigner(secrets);
  }

  sign(pattern: string, payload: unknown, meta: RpcMeta = {}): RpcEnvelope {
    // As the transport will carry it: undefined fields dropped, dates as strings.
    const wirePayload: unknown = JSON.parse(JSON.stringify(payload ?? null));
    const wireMeta = JSON.parse(JSON.stringify(meta)) as RpcMeta;
    const ts = this.now();
    const nonce = randomBytes(12).toString('base64url');
    const mac = this.mac(this.secrets.get(this.signingKid)!, signedText(pattern, wirePayload, wireMeta, this.signingKid, ts, nonce));
    return { payload: wirePayload, meta: wireMeta, signature: { kid: this.signingKid, ts, nonce, mac } };
  }

  verify(pattern: string, message: unknown): OpenedEnvelope {
    if (!isRecord(message) || !isRecord(message.signature) || !isRecord(message.meta) || !isRecord(message.payload)) {
      return { ok: false, reason: 'unsigned' };
    }
    const { kid, ts, nonce, mac } = message.signature;
    if (typeof kid !== 'string' || typeof ts !== 'number' || typeof nonce !== 'string' || typeof mac !== 'string') {
      return { ok: false, reason: 'unsigned' };
    }
    const secret = this.secrets.get(kid);
    if (secret === undefined) return { ok: false, reason: 'unknown key', kid };
    const expected = Buffer.from(this.mac(secret, signedText(pattern, message.payload, message.meta, kid, ts, nonce)));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature', kid };
    const now = this.now();
    if (Math.abs(now - ts) > RPC_REPLAY_WINDOW_MS) return { ok: false, reason: 'stale', kid };
    if (!this.remember(nonce, now)) return { ok: false, reason: 'replayed', kid };
    const meta = message.meta as RpcMeta;
    return { ok: true, payload: message.payload, meta };
  }

  private remember(nonce: string, now: number): boolean {
    if (this.seen.has(nonce)) return false;
    if (this.seen.size >= MAX_REMEMBERED_NONCES) {
      for (const [old, until] of this.seen) if (until < now) this.seen.delete(old);
      // Still full of live nonces (a flood): forget the oldest rather than grow without bound.
      if (this.seen.size >= MAX_REMEMBERED_NONCES) this.seen.delete(this.seen.keys().next().value!);
    }
    this.seen.set(nonce, now + 2 * RPC_REPLAY_WINDOW_MS);
    return true;
  }

  private mac(secret: string, text: string): string {
    return createHmac('sha256', secret).update(text).digest('base64url');
  }
}
