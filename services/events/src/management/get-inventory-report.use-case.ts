import { Injectable } from '@nestjs/common';
import type { Principal } from '@eventflow/auth';
import { InventoryLevels, InventoryReport } from '../inventory/inventory-levels';
import { EventOwnership } from './event-ownership';
import type { EventRecord } from '../events/event.model';

/** The owner's view of sold, held and available tickets, and whether Redis agrees with the ledger. */
@Injectable()
export class GetInventoryReportUseCase {
  constructor(
    private readonly ownership: EventOwnership,
    private readonly levels: InventoryLevels,
  ) {}

  async execute(eventoId: string, principal: Principal): Promise<InventoryReport & { evento_id: string; cancelacion?: CancellationView }> {
    const event = await this.ownership.ownedBy(eventoId, principal);
    const report = await this.levels.report(eventoId, event.aforo_total);
    return { evento_id: eventoId, ...report, ...(event.reembolso && { cancelacion: cancellationView(event.reembolso) }) };
  }
}

/** How far the refunds of a cancelled event got, as the reservations service last reported. */
export interface CancellationView {
  estado: 'reembolsando' | 'completada';
  reservas_reembolsadas: number;
  reservas_por_reembolsar: number | null;
  actualizada: string | null;
}

function cancellationView(refunds: NonNullable<EventRecord['reembolso']>): CancellationView {
  return {
    estado: refunds.estado === 'completada' ? 'completada' : 'reembolsando',
    reservas_reembolsadas: refunds.progreso?.reservas_reembolsadas ?? 0,
    // Unknown until the reservations service's first report.
    reservas_por_reembolsar: refunds.progreso?.reservas_por_reembolsar ?? null,
    actualizada: refunds.progreso?.actualizado.toISOString() ?? null,
  };
}
