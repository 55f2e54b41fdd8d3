import { Injectable } from '@nestjs/common';
import type { Principal } from '@eventflow/auth';
import { InventoryLevels, InventoryReport } from '../inventory/inventory-levels';
import { EventOwnership } from './event-ownership';

/** The owner's view of sold, held and available tickets, and whether Redis agrees with the ledger. */
@Injectable()
export class GetInventoryReportUseCase {
  constructor(
    private readonly ownership: EventOwnership,
    private readonly levels: InventoryLevels,
  ) {}

  async execute(eventoId: string, principal: Principal): Promise<InventoryReport & { evento_id: string }> {
    const event = await this.ownership.ownedBy(eventoId, principal);
    return { evento_id: eventoId, ...(await this.levels.report(eventoId, event.aforo_total)) };
  }
}
