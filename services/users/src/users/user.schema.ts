import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

export const DOCUMENT_TYPES = ['DNI', 'Pasaporte', 'Cedula', 'Otro'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface Purchase {
  evento_id: string;
  reserva_id: string;
  cantidad: number;
  monto: number;
  fecha_compra: Date;
}

/** Purchases keyed by reserva_id, so appending and removing are idempotent single-field updates. */
export type PurchaseHistory = Record<string, Omit<Purchase, 'reserva_id'>>;

/** The reserva_ids whose purchase was removed (compensated or cancelled): an append never brings them back. */
export type RetiredPurchases = Record<string, true>;

/**
 * A fan. Unique and indexed keys are top-level (FerretDB's SQLite backend does not index
 * nested fields). The purchase history is embedded: it is always read with the user.
 * It is stored as an object keyed by reserva_id rather than an array: FerretDB v1 neither
 * matches `{'arr.field': {$ne: x}}` per element nor `$pull`s by condition, while
 * `$set`/`$unset` of one key are atomic and idempotent on both FerretDB and MongoDB.
 */
@Schema({ collection: 'users', versionKey: false })
export class User {
  _id!: Types.ObjectId;
  @Prop({ required: true }) nombre!: string;
  @Prop({ required: true }) apellido!: string;
  /** Plain lower-case, or sealed with AES-256-GCM when encryption is on. */
  @Prop({ required: true }) email!: string;
  @Prop({ required: true, unique: true }) email_hash!: string;
  /** Kept for the anonymized export (domain only, never the local part). */
  @Prop({ required: true }) dominio_email!: string;
  @Prop({ type: String, required: true, enum: DOCUMENT_TYPES }) tipo_documento!: DocumentType;
  @Prop({ required: true, unique: true }) nro_documento_hash!: string;
  @Prop() nro_documento_cifrado?: string;
  @Prop({ required: true, unique: true }) access_token_hash!: string;
  @Prop({ required: true, index: true }) fecha_registro!: Date;
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} }) historial_compras!: PurchaseHistory;
  /**
   * Tombstones of removed purchases: a late append (a saga run overtaken by its compensation)
   * would otherwise re-create an entry nobody removes again. Absent on users registered before it.
   */
  @Prop({ type: MongooseSchema.Types.Mixed }) historial_retirado?: RetiredPurchases;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);

/** One row per analyst export: who, when, how much. */
@Schema({ collection: 'export_audits', versionKey: false })
export class ExportAudit {
  @Prop({ required: true }) key_id!: string;
  @Prop({ required: true }) role!: string;
  @Prop({ required: true }) formato!: string;
  @Prop({ required: true }) filas!: number;
  @Prop({ required: true }) generalizadas!: number;
  @Prop({ required: true }) suprimidas!: number;
  @Prop({ required: true }) k!: number;
  @Prop({ required: true, index: true }) fecha!: Date;
}
export const ExportAuditSchema = SchemaFactory.createForClass(ExportAudit);
