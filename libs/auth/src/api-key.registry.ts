import { createHash, timingSafeEqual } from 'node:crypto';
import { StaffRole } from './principal';

interface RegisteredKey {
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
 * Staff API keys, several per role so they can be rotated. Secrets are kept only as
 * digests and compared in constant time; callers see the key id, never the secret.
 */
export class ApiKeyRegistry {
  private readonly keys: RegisteredKey[];

  constructor(lists: StaffKeyLists) {
    this.keys = [...parse(lists.ORGANIZER_KEYS, 'organizer'), ...parse(lists.ANALYST_KEYS, 'analyst'), ...parse(lists.ADMIN_KEYS, 'admin')];
    const ids = new Set<string>();
    for (const key of this.keys) {
      if (ids.has(key.id)) throw new Error(`API key id "${key.id}" is used twice`);
      ids.add(key.id);
    }
  }

  /** Returns the matching key, checking every key so timing does not reveal which one matched. */
  authenticate(secret: string): { id: string; role: StaffRole } | undefined {
    const candidate = digest(secret);
    let match: RegisteredKey | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, candidate) && !match) match = key;
    }
    return match && { id: match.id, role: match.role };
  }

  get size(): number {
    return this.keys.length;
  }
}

function parse(list: string | undefined, role: StaffRole): RegisteredKey[] {
  if (!list) return [];
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      return { id: entry.slice(0, separator), role, digest: digest(entry.slice(separator + 1)) };
    });
}
