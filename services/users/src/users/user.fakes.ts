import { Types } from 'mongoose';
import type { CacheLookup, ProfileCache } from '../profile/profile.cache';
import type { CreatedUser, ExportSourceRow, NewUser, StoredProfile, UserRepository } from './user.repository';
import type { Purchase, PurchaseHistory } from './user.schema';

/** Test doubles of the users service's own ports (not of libraries), shared by its unit tests. */

type StoredUser = NewUser & { _id: string; historial_compras: PurchaseHistory };

/** The repository's contract over a Map, unique indexes included; `connected` is what the driver would say. */
export class InMemoryUserRepository implements Pick<
  UserRepository,
  'create' | 'isConnected' | 'findProfile' | 'findIdByTokenHash' | 'appendPurchase' | 'removePurchase' | 'exportRows'
> {
  readonly stored = new Map<string, StoredUser>();
  connected = true;
  /** Runs before each history write lands, so a test can interleave with it. */
  beforeWrite?: () => Promise<void>;

  asRepository(): UserRepository {
    return this as unknown as UserRepository;
  }

  async create(user: NewUser): Promise<CreatedUser> {
    for (const field of ['email', 'nro_documento', 'access_token'] as const) {
      const hash = `${field}_hash` as const;
      if ([...this.stored.values()].some((other) => other[hash] === user[hash])) return { created: false, duplicate: field };
    }
    const usuarioId = new Types.ObjectId().toHexString();
    this.stored.set(usuarioId, { ...user, _id: usuarioId, historial_compras: {} });
    return { created: true, usuarioId };
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
      historial_compras: Object.entries(user.historial_compras).map(([reserva_id, p]) => ({
        ...p,
        reserva_id,
        fecha_compra: p.fecha_compra.toISOString(),
      })),
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
    const applied = JSON.stringify(before[reserva_id]) !== JSON.stringify(entry);
    this.stored.set(userId, { ...user, historial_compras: { ...before, [reserva_id]: entry } });
    return { found: true, applied };
  }

  async removePurchase(userId: string, reservaId: string): Promise<{ found: boolean; removed: boolean }> {
    const user = this.stored.get(userId);
    if (!user) return { found: false, removed: false };
    const { [reservaId]: removed, ...rest } = user.historial_compras;
    await this.beforeWrite?.();
    this.stored.set(userId, { ...user, historial_compras: rest });
    return { found: true, removed: removed !== undefined };
  }

  async *exportRows(until: Date): AsyncIterable<ExportSourceRow> {
    for (const user of this.stored.values())
      if (user.fecha_registro <= until)
        yield {
          dominio_email: user.dominio_email,
          tipo_documento: user.tipo_documento,
          fecha_registro: user.fecha_registro,
          historial_compras: user.historial_compras,
        };
  }
}

/** The profile cache's contract in memory: a write version per user guards every put. */
export class InMemoryProfileCache implements Pick<ProfileCache, 'get' | 'put' | 'invalidate' | 'getTokenOwner' | 'putTokenOwner'> {
  readonly profiles = new Map<string, StoredProfile>();
  readonly versions = new Map<string, number>();
  readonly tokenOwners = new Map<string, string>();
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

  async getTokenOwner(tokenHash: string): Promise<string | undefined> {
    return this.unavailable ? undefined : this.tokenOwners.get(tokenHash);
  }

  async putTokenOwner(tokenHash: string, userId: string): Promise<void> {
    if (!this.unavailable) this.tokenOwners.set(tokenHash, userId);
  }
}
