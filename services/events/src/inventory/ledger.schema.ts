import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export type LedgerKind = 'reserve' | 'release' | 'commit';

/**
 * One inventory movement. Append-only; unique per (reserva_id, kind), so a retried write is a
 * duplicate-key no-op. The ledger is the durable truth the Redis counter is rebuilt from.
 */
@Schema({ collection: 'inventory_ledger', versionKey: false })
export class LedgerEntry {
  @Prop({ required: true })
  reserva_id!: string;

  @Prop({ type: String, required: true, enum: ['reserve', 'release', 'commit'] })
  kind!: LedgerKind;

  @Prop({ required: true })
  evento_id!: string;

  @Prop({ required: true })
  cantidad!: number;

  @Prop({ required: true })
  created_at!: Date;
}

export const LedgerEntrySchema = SchemaFactory.createForClass(LedgerEntry);
LedgerEntrySchema.index({ reserva_id: 1, kind: 1 }, { unique: true });
LedgerEntrySchema.index({ evento_id: 1 });
