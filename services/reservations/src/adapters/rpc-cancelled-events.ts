import { Inject, Injectable } from '@nestjs/common';
import { EVENTS_RPC, RpcClient } from '@eventflow/contracts';
import { CancelledEvents, RefundProgress } from '../ports/cancelled-events.port';

@Injectable()
export class RpcCancelledEvents extends CancelledEvents {
  constructor(@Inject(EVENTS_RPC) private readonly events: RpcClient) {
    super();
  }

  async refunding(): Promise<string[]> {
    const { eventos } = await this.events.send('events.cancellations.pending', {});
    return eventos.map((evento) => evento.evento_id);
  }

  async reportProgress(eventoId: string, progress: RefundProgress): Promise<void> {
    await this.events.send('events.cancellations.progress', {
      evento_id: eventoId,
      reservas_reembolsadas: progress.refunded,
      reservas_por_reembolsar: progress.outstanding,
      completada: progress.complete,
    });
  }
}
