import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '@eventflow/database';
import { DocumentType, Purchase, PurchaseHistory, RetiredPurchases, User } from './user.schema';

/** What the API may show of a user: no hashes, no document, email still as stored. */
export interface StoredProfile {
  usuario_id: string;
  nombre: string;
  apellido: string;
  email: string;
  tipo_documento: DocumentType;
  fecha_registro: string;
  historial_compras: Array<Omit<Purchase, 'fecha_compra'> & { fecha_compra: string }>;
}

export type NewUser = Omit<User, '_id' | 'historial_compras' | 'historial_retirado'>;

/** The fields the anonymized export reads; nothing identifying. */
export interface ExportSourceRow {
  dominio_email: string;
  tipo_documento: string;
  fecha_registro: Date;
  historial_compras?: PurchaseHistory;
}

/** A user's personal fields as stored (sealed when encryption was on when they were written). */
export interface SealedFields {
  usuarioId: string;
  email: string;
  nro_documento_cifrado?: string;
}

const CONNECTED = 1;

const PROFILE_PROJECTION = {
  nombre: 1,
  apellido: 1,
  email: 1,
  tipo_documento: 1,
  fecha_registro: 1,
  historial_compras: 1,
  historial_retirado: 1,
} as const;

/** A fresh user id, chosen before the insert: the id is bound into the user's sealed fields. */
export const newUserId = (): string => new Types.ObjectId().toHexString();

@Injectable()
export class UserRepository {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  /** Inserts, relying on the unique indexes (no read-before-write race); false when the e-mail or the document is taken. */
  async create(usuarioId: string, user: NewUser): Promise<boolean> {
    try {
      await this.users.create({ ...user, _id: new Types.ObjectId(usuarioId), historial_compras: {} });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Whether MongoDB is reachable right now, as the driver last saw it. */
  isConnected(): boolean {
    return this.users.db.readyState === CONNECTED;
  }

  async findProfile(id: string): Promise<StoredProfile | null> {
    const user = await this.users.findById(id, PROFILE_PROJECTION).lean<User>().exec();
    return user ? toStoredProfile(user) : null;
  }

  /** A scan on FerretDB: only for the moments before AccessTokenBackfill completes. */
  async findIdByTokenHash(tokenHash: string): Promise<string | null> {
    const user = await this.users.findOne({ access_token_hash: tokenHash }, { _id: 1 }).lean<{ _id: Types.ObjectId }>().exec();
    return user ? user._id.toHexString() : null;
  }

  /** Every user's token hash, streamed. */
  async *tokenOwners(): AsyncIterable<{ tokenHash: string; usuarioId: string }> {
    const rows = this.users.find({}, { access_token_hash: 1 }).lean<Array<Pick<User, '_id' | 'access_token_hash'>>>().batchSize(1_000);
    for await (const row of rows.cursor()) yield { tokenHash: row.access_token_hash, usuarioId: row._id.toHexString() };
  }

  /**
   * Records the purchase under its reserva_id unless it was removed before (its tombstone): a read
   * and a `$set`, both by `_id` alone, because FerretDB's SQLite backend answers only a filter that
   * is exactly `{_id}` from its index and scans the whole collection for any other. A retry sets the
   * very same entry (the caller fixes fecha_compra), which changes nothing and says so. Callers
   * serialize writes per user (UserWriteLock), which also makes the read and the write one step.
   */
  async appendPurchase(userId: string, purchase: Purchase): Promise<{ found: boolean; applied: boolean }> {
    const { reserva_id, ...entry } = purchase;
    const seen = await this.users
      .findOne({ _id: userId }, { [`historial_retirado.${reserva_id}`]: 1 })
      .lean<{ historial_retirado?: Record<string, boolean> }>()
      .exec();
    if (!seen) return { found: false, applied: false };
    if (seen.historial_retirado?.[reserva_id]) return { found: true, applied: false };
    const result = await this.users.updateOne({ _id: userId }, { $set: { [`historial_compras.${reserva_id}`]: entry } }).exec();
    return { found: result.matchedCount === 1, applied: result.modifiedCount === 1 };
  }

  /** Removes the entry and leaves its tombstone, in one update by `_id`; removing again changes nothing. */
  async removePurchase(userId: string, reservaId: string): Promise<{ found: boolean; removed: boolean }> {
    const before = await this.users
      .findOneAndUpdate(
        { _id: userId },
        { $unset: { [`historial_compras.${reservaId}`]: '' }, $set: { [`historial_retirado.${reservaId}`]: true } },
        // FerretDB's findAndModify takes no projection: the whole document before the change.
        { new: false },
      )
      .lean()
      .exec();
    if (!before) return { found: false, removed: false };
    const compras = (before as { historial_compras?: Record<string, unknown> }).historial_compras;
    return { found: true, removed: compras?.[reservaId] !== undefined };
  }

  /** Streams the export's source rows (registered up to `until`) without loading them all. */
  async *exportRows(until: Date): AsyncIterable<ExportSourceRow> {
    const rows = this.users
      .find(
        { fecha_registro: { $lte: until } },
        { _id: 0, dominio_email: 1, tipo_documento: 1, fecha_registro: 1, historial_compras: 1, historial_retirado: 1 },
      )
      .lean<Array<ExportSourceRow & { historial_retirado?: RetiredPurchases }>>()
      .batchSize(1_000);
    for await (const { historial_retirado, ...row } of rows.cursor()) {
      yield { ...row, historial_compras: Object.fromEntries(livePurchases(row.historial_compras, historial_retirado)) };
    }
  }

  /** Every user's personal fields as stored, streamed (for the re-sealing pass). */
  async *sealedFields(): AsyncIterable<SealedFields> {
    const rows = this.users.find({}, { email: 1, nro_documento_cifrado: 1 }).lean<User[]>().batchSize(1_000);
    for await (const row of rows.cursor()) yield toSealedFields(row);
  }

  async findSealedFields(userId: string): Promise<SealedFields | null> {
    const row = await this.users.findById(userId, { email: 1, nro_documento_cifrado: 1 }).lean<User>().exec();
    return row ? toSealedFields(row) : null;
  }

  async replaceSealedFields(userId: string, fields: Partial<Omit<SealedFields, 'usuarioId'>>): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $set: fields }).exec();
  }
}

/** An entry whose reserva_id has a tombstone is never shown, however the two writes were ordered. */
function livePurchases(history: PurchaseHistory | undefined, retired: RetiredPurchases | undefined) {
  return Object.entries(history ?? {}).filter(([reservaId]) => !retired?.[reservaId]);
}

const toSealedFields = (row: Pick<User, '_id' | 'email' | 'nro_documento_cifrado'>): SealedFields => ({
  usuarioId: row._id.toHexString(),
  email: row.email,
  ...(row.nro_documento_cifrado !== undefined && { nro_documento_cifrado: row.nro_documento_cifrado }),
});

function toStoredProfile(user: Omit<User, 'email_hash' | 'dominio_email' | 'nro_documento_hash' | 'access_token_hash'>): StoredProfile {
  return {
    usuario_id: user._id.toHexString(),
    nombre: user.nombre,
    apellido: user.apellido,
    email: user.email,
    tipo_documento: user.tipo_documento,
    fecha_registro: new Date(user.fecha_registro).toISOString(),
    historial_compras: livePurchases(user.historial_compras, user.historial_retirado)
      .map(([reservaId, p]) => ({
        evento_id: p.evento_id,
        reserva_id: reservaId,
        cantidad: p.cantidad,
        monto: p.monto,
        fecha_compra: new Date(p.fecha_compra).toISOString(),
      }))
      .sort((a, b) => a.fecha_compra.localeCompare(b.fecha_compra) || a.reserva_id.localeCompare(b.reserva_id)),
  };
}
