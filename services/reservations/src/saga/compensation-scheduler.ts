import { CompensationRetryPort } from '../saga-engine/saga.types';

/** Where the durable compensation queue plugs in (kept abstract so the saga has no BullMQ import). */
export abstract class CompensationScheduler implements CompensationRetryPort {
  abstract schedule(sagaId: string, steps: string[]): Promise<void>;
}
