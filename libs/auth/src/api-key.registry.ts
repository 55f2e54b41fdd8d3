import { createHash, timingSafeEqual } from 'node:crypto';
import { StaffRole } from './principal';

interface RegisteredSecret {
  id: string;
  role: StaffRole;
  digest: Buffer;
}

export interface StaffKeyLists {
  ORGANIZER_KEYS?: string;
  ANALYST_KEYS?: string;
  ADMIN_KEYS?: string;
}

const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/**
 * Staff API keys: `id:secret[|secret…]` per entry, entries separated by commas. The id is who the
 * caller is (an organizer owns events by it), the secrets are how they prove it: rotating a key
 * adds a secret under the same id (`org1:new|old`), then drops the old one, and the events stay
 * theirs throughout. Secrets are kept only as digests and compared in constant time; callers see
 * the key id, never the secret.
 */
export class ApiKeyRegistry {
  private readonly secrets: RegisteredSecret[];

  constructor(lists: StaffKeyLists) {
    this.secrets = [
      ...parse(lists.ORGANIZER_KEYS, 'organizer'),
      ...parse(lists.ANALYST_KEYS, 'analyst'),
      ...parse(lists.ADMIN_KEYS, 'admin'),
    ];
    refuseAmbiguity(this.secrets);
  }

  /** Returns the matching key, checking every secret so timing does not reveal which one matched. */
  authenticate(secret: string): { id: string; role: StaffRole } | undefined {
    const candidate = digest(secret);
    let match: RegisteredSecret | undefined;
    for (const registered of this.secrets) {
      if (timingSafeEqual(registered.digest, candidate) && !match) match = registered;
    }
    return match && { id: match.id, role: match.role };
  }

  /** How many key ids (staff identities) are configured. */
  get size(): number {
    return new Set(this.secrets.map((secret) => secret.id)).size;
  }
}

function parse(list: string | undefined, role: StaffRole): RegisteredSecret[] {
  if (!list) return [];
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const ids = new Set<string>();
  return entries.flatMap((entry) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    // One entry per id keeps the list readable: its secrets are all in one place.
    if (ids.has(id)) throw new Error(`API key id "${id}" is listed twice: give it one entry, id:secret|secret`);
    ids.add(id);
    return entry
      .slice(separator + 1)
      .split('|')
      .map((secret) => ({ id, role, digest: digest(secret) }));
  });
}

/** An id belongs to one role, and a secret to one id: otherwise who is calling would be a guess. */
function refuseAmbiguity(secrets: RegisteredSecret[]): void {
  const roleOf = new Map<string, StaffRole>();
  const owners = new Map<string, string>();
  for (const { id, role, digest: secretDigest } of secrets) {
    const known = roleOf.get(id);
    if (known !== undefined && known !== role) throw new Error(`API key id "${id}" is used twice (${known} and ${role})`);
    roleOf.set(id, role);
    const hex = secretDigest.toString('hex');
    const owner = owners.get(hex);
    if (owner !== undefined) throw new Error(`a secret of API key id "${id}" is listed twice (also under "${owner}")`);
    owners.set(hex, id);
  }
}
