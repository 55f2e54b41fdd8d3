import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import type { EventState } from '@eventflow/contracts';
import { CatalogQuery, DescriptiveChanges, EventRecord, NewEvent } from './event.model';
import { EventDocument, RefundProgress } from './event.schema';

type Row = EventDocument & { _id: Types.ObjectId };

const toRecord = (row: Row): EventRecord => ({
  id: row._id.toHexString(),
  nombre: row.nombre,
  descripcion: row.descripcion ?? '',
  fecha: row.fecha,
  lugar: row.lugar,
  aforo_total: row.aforo_total,
  precio: row.precio,
  categoria: row.categoria,
  estado: row.estado,
  ...(row.sala_de_espera && { sala_de_espera: row.sala_de_espera }),
  organizador_id: row.organizador_id,
  revision: row.revision ?? 0,
  ...(row.reembolso_estado && { reembolso: { estado: row.reembolso_estado, progreso: row.reembolso_progreso } }),
  creado_en: row.creado_en,
  actualizado_en: row.actualizado_en,
});

@Injectable()
export class EventRepository implements OnModuleInit {
  constructor(@InjectModel(EventDocument.name) private readonly model: Model<EventDocument>) {}

  async onModuleInit(): Promise<void> {
    await this.model.init();
  }

  async create(event: NewEvent): Promise<EventRecord> {
    const now = new Date();
    const row = { _id: new Types.ObjectId(), ...event, estado: 'activo' as const, revision: 0, creado_en: now, actualizado_en: now };
    await this.model.collection.insertOne(row);
    return toRecord(row);
  }

  async findById(id: string): Promise<EventRecord | undefined> {
    const row = await this.model.collection.findOne<Row>({ _id: new Types.ObjectId(id) });
    return row ? toRecord(row) : undefined;
  }

  async updateDescriptive(id: string, changes: DescriptiveChanges): Promise<void> {
    await this.model.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: { ...changes, actualizado_en: new Date() } });
  }

  /** Conditional on the capacity the caller saw (changes are serialized per event as well: InventoryCapacity). */
  async setCapacity(id: string, expected: number, aforo: number, revision: number): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: new Types.ObjectId(id), aforo_total: expected },
      { $set: { aforo_total: aforo, revision, actualizado_en: new Date() } },
    );
    return result.matchedCount === 1;
  }

  /** A cancellation also opens its refunds, in the same single-document write. */
  async setState(id: string, estado: EventState, revision: number): Promise<void> {
    const refunds = estado === 'cancelado' ? { reembolso_estado: 'en_curso' as const } : {};
    await this.model.collection.updateOne(
      { _id: new Types.ObjectId(id) },
      { $set: { estado, revision, ...refunds, actualizado_en: new Date() } },
    );
  }

  async refundsInProgress(): Promise<string[]> {
    const rows = await this.model.collection.find<Row>({ reembolso_estado: 'en_curso' }, { projection: { _id: 1 } }).toArray();
    return rows.map((row) => row._id.toHexString());
  }

  /** false when the event has no refunds open (not cancelled, or already complete: a late report changes nothing). */
  async recordRefundProgress(id: string, progress: Omit<RefundProgress, 'actualizado'>, complete: boolean): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: new Types.ObjectId(id), reembolso_estado: 'en_curso' },
      {
        $set: {
          reembolso_progreso: { ...progress, actualizado: new Date() },
          ...(complete && { reembolso_estado: 'completada' as const }),
        },
      },
    );
    return result.matchedCount === 1;
  }

  async list(query: CatalogQuery): Promise<EventRecord[]> {
    const filter: Record<string, unknown> = { estado: query.estado };
    if (query.categoria) filter.categoria = query.categoria;
    const fecha: Record<string, Date> = {};
    if (query.desde) fecha.$gte = query.desde;
    if (query.hasta) fecha.$lte = query.hasta;
    if (Object.keys(fecha).length > 0) filter.fecha = fecha;
    if (query.after) {
      const { fecha: f, id } = query.after;
      filter.$or = [{ fecha: { $gt: f } }, { fecha: f, _id: { $gt: new Types.ObjectId(id) } }];
    }
    const rows = await this.model.collection.find<Row>(filter).sort({ fecha: 1, _id: 1 }).limit(query.limit).toArray();
    return rows.map(toRecord);
  }

  /** Events whose inventory the reconciliation job watches. */
  async activeIds(): Promise<string[]> {
    const rows = await this.model.collection.find<Row>({ estado: 'activo' }, { projection: { _id: 1 } }).toArray();
    return rows.map((row) => row._id.toHexString());
  }
}
