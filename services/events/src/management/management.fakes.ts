import type { InventoryCapacity } from '../inventory/inventory-capacity';

/** The inventory's capacity port, recording what it was asked in order; `failWith` makes the next call of that kind fail. */
export class RecordingCapacity implements Pick<InventoryCapacity, 'initialize' | 'resize' | 'cancel'> {
  readonly calls: string[] = [];
  readonly failWith: Partial<Record<'initialize' | 'resize' | 'cancel', Error>> = {};

  asCapacity(): InventoryCapacity {
    return this as unknown as InventoryCapacity;
  }

  async initialize(eventoId: string, aforo: number): Promise<void> {
    this.record('initialize', `initialize ${eventoId} ${aforo}`);
  }

  async resize(eventoId: string, aforo: number): Promise<void> {
    this.record('resize', `resize ${eventoId} ->${aforo}`);
  }

  async cancel(eventoId: string): Promise<void> {
    this.record('cancel', `cancel ${eventoId}`);
  }

  private record(kind: 'initialize' | 'resize' | 'cancel', call: string): void {
    this.calls.push(call);
    const failure = this.failWith[kind];
    if (failure) throw failure;
  }
}
