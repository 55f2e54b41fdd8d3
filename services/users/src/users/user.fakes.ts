import type { CacheLookup, ProfileCache } from '../profile/profile.cache';
import { KeyedMutex } from './keyed-mutex';
import type { ExportSourceRow, NewUser, SealedFields, StoredProfile, UserRepository } from './user.repository';
import type { UserWriteLock } from './user-write.lock';
import type { Purchase, PurchaseHistory, RetiredPurchases } from './user.schema';

/** Test doubles of the users service's own ports (not of libraries), shared by its unit tests. */

type StoredUser = NewUser & { _id: string; historial_compras: PurchaseHistory; historial_retirado: RetiredPurchases };

/** The repository's contract over a Map, unique indexes included; `connected` is what the driver would say. */
export class InMemoryUserRepository implements Pick<
  UserRepository,
  | 'create'
  | 'isConnected'
  | 'findProfile'
  | 'findIdByTokenHash'
  | 'appendPurchase'
  | 'removePurchase'
  | 'exportRows'
  | 'sealedFields'
  | 'findSealedFields'
  | 'replaceSealedFields'
> {
  readonly stored = new Map<string, StoredUser>();
  connected = true;
  /** Runs before each history write lands, so a test can interleave with it. */
  beforeWrite?: () => Promise<void>;

  asRepository(): UserRepository {
    return this as unknown as UserRepository;
  }

  async create(usuarioId: string, user: NewUser): Promise<boolean> {
    for (const field of ['email', 'nro_documento', 'access_token'] as const) {
      const hash = `${field}_hash` as const;
      if ([...this.stored.values()].some((other) => other[hash] === user[hash])) return false;
    }
    this.stored.set(usuarioId, { ...user, _id: usuarioId, historial_compras: {}, historial_retirado: {} });
    return true;
  }

  isConnected(): boolean {
    return this.connected;
  }

  async findProfile(id: string): Promise<StoredProfile | null> {
    if (!this.connected) throw new Error('MongoServerSelectionError: connect ECONNREFUSED');
    const user = this.stored.get(id);
    if (!user) return null;
    return {
      usuario_id: id,
      nombre: user.nombre,
      apellido: user.apellido,
      email: user.email,
      tipo_documento: user.tipo_documento,
      fecha_registro: user.fecha_registro.toISOString(),
      historial_compras: Object.entries(user.historial_compras)
        .filter(([reserva_id]) => !user.historial_retirado[reserva_id])
        .map(([reserva_id, p]) => ({ ...p, reserva_id, fecha_compra: p.fecha_compra.toISOString() })),
    };
  }

  async findIdByTokenHash(tokenHash: string): Promise<string | null> {
    return [...this.stored.values()].find((user) => user.access_token_hash === tokenHash)?._id ?? null;
  }

  /** Read-modify-write, as FerretDB applies an update: concurrent writes to one user lose each other. */
  async appendPurchase(userId: string, purchase: Purchase): Promise<{ found: boolean; applied: boolean }> {
    const user = this.stored.get(userId);
    if (!user) return { found: false, applied: false };
    const { reserva_id, ...entry } = purchase;
    const before = { ...user.historial_compras };
    await this.beforeWrite?.();
    if (user.historial_retirado[reserva_id]) return { found: true, applied: false };
    const applied = JSON.stringify(before[reserva_id]) !== JSON.stringify(entry);
    this.stored.set(userId, { ...user, historial_compras: { ...before, [reserva_id]: entry } });
    return { found: true, applied };
  }

  async removePurchase(userId: string, reservaId: string): Promise<{ found: boolean; removed: boolean }> {
    const user = this.stored.get(userId);
    if (!user) return { found: false, removed: false };
    const { [reservaId]: removed, ...rest } = user.historial_compras;
    await this.beforeWrite?.();
    this.stored.set(userId, { ...user, historial_compras: rest, historial_retirado: { ...user.historial_retirado, [reservaId]: true } });
    return { found: true, removed: removed !== undefined };
  }

  async *exportRows(until: Date): AsyncIterable<ExportSourceRow> {
    for (const user of this.stored.values())
      if (user.fecha_registro <= until)
        yield {
          dominio_email: user.dominio_email,
          tipo_documento: user.tipo_documento,
          fecha_registro: user.fecha_registro,
          historial_compras: Object.fromEntries(Object.entries(user.historial_compras).filter(([id]) => !user.historial_retirado[id])),
        };
  }

  async *sealedFields(): AsyncIterable<SealedFields> {
    for (const user of this.stored.values()) yield (await this.findSealedFields(user._id))!;
  }

  async findSealedFields(userId: string): Promise<SealedFields | null> {
    const user = this.stored.get(userId);
    if (!user) return null;
    return {
      usuarioId: userId,
      email: user.email,
      ...(user.nro_documento_cifrado && { nro_documento_cifrado: user.nro_documento_cifrado }),
    };
  }

  async replaceSealedFields(userId: string, fields: Partial<Omit<SealedFields, 'usuarioId'>>): Promise<void> {
    const user = this.stored.get(userId);
    if (user) this.stored.set(userId, { ...user, ...fields });
  }
}

/** The write lock within one process (what a single instance needs); the Redis part is tested on a real Redis. */
export class InProcessUserWriteLock implements Pick<UserWriteLock, 'run'> {
  private readonly mutex = new KeyedMutex();

  asLock(): UserWriteLock {
    return this as unknown as UserWriteLock;
  }

  run<T>(userId: string, write: () => Promise<T>): Promise<T> {
    return this.mutex.run(userId, write);
  }
}

/** The profile cache's contract in memory: a write version per user guards every put. */
export class InMemoryProfileCache implements Pick<
  ProfileCache,
  'get' | 'put' | 'invalidate' | 'getTokenOwner' | 'putTokenOwner' | 'putUnknownToken'
> {
  readonly profiles = new Map<string, StoredProfile>();
  readonly versions = new Map<string, number>();
  readonly tokenOwners = new Map<string, string>();
  readonly unknownTokens = new Set<string>();
  invalidations: string[] = [];
  /** Redis down: every look-up degrades as the real cache does. */
  unavailable = false;

  asCache(): ProfileCache {
    return this as unknown as ProfileCache;
  }

  async get(id: string): Promise<CacheLookup> {
    if (this.unavailable) return { version: 'unavailable' };
    return { profile: this.profiles.get(id), version: String(this.versions.get(id) ?? '') };
  }

  async put(profile: StoredProfile, versionSeen: string): Promise<void> {
    if (this.unavailable || versionSeen !== String(this.versions.get(profile.usuario_id) ?? '')) return;
    this.profiles.set(profile.usuario_id, profile);
  }

  async invalidate(id: string): Promise<void> {
    this.invalidations.push(id);
    this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
    this.profiles.delete(id);
  }

  async getTokenOwner(tokenHash: string): Promise<string | null | undefined> {
    if (this.unavailable) return undefined;
    return this.unknownTokens.has(tokenHash) ? null : this.tokenOwners.get(tokenHash);
  }

  async putTokenOwner(tokenHash: string, userId: string): Promise<void> {
    if (this.unavailable) return;
    this.unknownTokens.delete(tokenHash);
    this.tokenOwners.set(tokenHash, userId);
  }

  async putUnknownToken(tokenHash: string): Promise<void> {
    if (!this.unavailable && !this.tokenOwners.has(tokenHash)) this.unknownTokens.add(tokenHash);
  }
}
