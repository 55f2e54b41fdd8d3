import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '@eventflow/database';
import { DocumentType, Purchase, PurchaseHistory, User } from './user.schema';
import type { UniqueField } from './users.errors';

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

export type NewUser = Omit<User, '_id' | 'historial_compras'>;

/** A registration either lands or collides with a fan already registered under one of the unique fields. */
export type CreatedUser = { created: true; usuarioId: string } | { created: false; duplicate: UniqueField };

/** The fields the anonymized export reads; nothing identifying. */
export interface ExportSourceRow {
  dominio_email: string;
  tipo_documento: string;
  fecha_registro: Date;
  historial_compras?: PurchaseHistory;
}

const CONNECTED = 1;

const PROFILE_PROJECTION = { nombre: 1, apellido: 1, email: 1, tipo_documento: 1, fecha_registro: 1, historial_compras: 1 } as const;

@Injectable()
export class UserRepository {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  /** Inserts, relying on the unique indexes (no read-before-write race); a collision names the public field. */
  async create(user: NewUser): Promise<CreatedUser> {
    try {
      const created = await this.users.create({ ...user, historial_compras: {} });
      return { created: true, usuarioId: created._id.toHexString() };
    } catch (error) {
      if (isDuplicateKeyError(error)) return { created: false, duplicate: await this.duplicatedField(user) };
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

  async findIdByTokenHash(tokenHash: string): Promise<string | null> {
    const user = await this.users.findOne({ access_token_hash: tokenHash }, { _id: 1 }).lean<{ _id: Types.ObjectId }>().exec();
    return user ? user._id.toHexString() : null;
  }

  /**
   * Records the purchase under its reserva_id: one `$set` by `_id`, no read first. A retry sets
   * the very same entry (the caller fixes fecha_compra), which changes nothing and says so.
   * Callers serialize writes per user (see PurchaseHistoryUseCase): FerretDB loses concurrent
   * updates of one document. The filter is `_id` alone, the only one FerretDB's SQLite backend
   * answers from an index.
   */
  async appendPurchase(userId: string, purchase: Purchase): Promise<{ found: boolean; applied: boolean }> {
    const { reserva_id, ...entry } = purchase;
    const result = await this.users.updateOne({ _id: userId }, { $set: { [`historial_compras.${reserva_id}`]: entry } }).exec();
    return { found: result.matchedCount === 1, applied: result.modifiedCount === 1 };
  }

  async removePurchase(userId: string, reservaId: string): Promise<{ found: boolean; removed: boolean }> {
    const result = await this.users.updateOne({ _id: userId }, { $unset: { [`historial_compras.${reservaId}`]: '' } }).exec();
    return { found: result.matchedCount === 1, removed: result.modifiedCount === 1 };
  }

  /** FerretDB's duplicate-key error does not say which index, so ask (only on this rare path). */
  private async duplicatedField(user: NewUser): Promise<UniqueField> {
    if (await this.users.exists({ email_hash: user.email_hash }).exec()) return 'email';
    if (await this.users.exists({ nro_documento_hash: user.nro_documento_hash }).exec()) return 'nro_documento';
    return 'access_token';
  }

  /** Streams the export's source rows (registered up to `until`) without loading them all. */
  exportRows(until: Date): AsyncIterable<ExportSourceRow> {
    return this.users
      .find({ fecha_registro: { $lte: until } }, { _id: 0, dominio_email: 1, tipo_documento: 1, fecha_registro: 1, historial_compras: 1 })
      .lean<ExportSourceRow[]>()
      .batchSize(1_000)
      .cursor();
  }
}

function toStoredProfile(
  user: Pick<User, '_id' | 'nombre' | 'apellido' | 'email' | 'tipo_documento' | 'fecha_registro' | 'historial_compras'>,
): StoredProfile {
  return {
    usuario_id: user._id.toHexString(),
    nombre: user.nombre,
    apellido: user.apellido,
    email: user.email,
    tipo_documento: user.tipo_documento,
    fecha_registro: new Date(user.fecha_registro).toISOString(),
    historial_compras: Object.entries(user.historial_compras ?? {})
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
