/**
 * The saga engine's vocabulary. No I/O here: persistence, retries of compensations and
 * time come in through the ports below, so the engine is tested with plain fakes.
 */
export interface SagaStep<C> {
  readonly name: string;
  execute(context: C): Promise<void>;
  /** Undoes `execute`; must be idempotent and harmless when `execute` never took effect. */
  compensate?(context: C): Promise<void>;
  /**
   * Lets the step's completion be written together with the next transition: one store write
   * fewer. Safe when running the step again gives the outcome of its first run (a read, or a
   * call idempotent by key on the other side): a run resumed after a crash learns what the lost
   * run did by repeating it, and undoes what it cannot repeat (see SagaRun.resumed).
   */
  readonly deferPersist?: boolean;
  /** Whether a failed attempt may be repeated (the step is idempotent on the other side). */
  readonly retryable?: boolean;
}

export type StepStatus = 'completado' | 'fallido';
export type CompensationStatus = 'completada' | 'fallida';

/** One entry of the saga log, as persisted. Dates are ISO strings. */
export interface StepRecord {
  estado: StepStatus;
  inicio: string;
  fin: string;
  error?: string;
  /** The step failed in a way that leaves its effect unknown (a timeout): it is compensated too. */
  incierto?: boolean;
  compensacion?: CompensationStatus;
  compensacion_fin?: string;
  compensacion_error?: string;
}

export type SagaLog = Record<string, StepRecord>;

/**
 * What happened, written before the engine moves on:
 * - running: a step completed, the next one starts;
 * - compensating: a step failed, compensations start;
 * - completed: every step completed;
 * - compensated: every completed step was undone;
 * - compensation_pending: a compensation failed and was handed to the retry port.
 */
export type SagaPhase = 'running' | 'compensating' | 'completed' | 'compensated' | 'compensation_pending';

export interface SagaTransition {
  phase: SagaPhase;
  /** Log entries that changed since the last transition. */
  steps: SagaLog;
  /** The step whose failure started compensation, and why. */
  failure?: { step: string; error: unknown };
}

/** Persists transitions of one saga. Throws when this run no longer owns the saga. */
export interface SagaJournal {
  record(transition: SagaTransition): Promise<void>;
}

/** Retries compensations that failed, later and elsewhere (a durable queue). */
export interface CompensationRetryPort {
  schedule(sagaId: string, steps: string[]): Promise<void>;
}

export interface SagaClock {
  now(): Date;
}

export interface SagaRetryPolicy {
  attempts: number;
  /** Whether this error is worth another attempt (a timeout, an outage) rather than a final answer. */
  isTransient(error: unknown): boolean;
  /** Pause before attempt n (n ≥ 2). */
  delay(attempt: number): Promise<void>;
}

export type SagaResult =
  | { status: 'completed' }
  | { status: 'compensated'; failedStep?: string; error?: unknown }
  | { status: 'compensation_pending'; failedStep?: string; error?: unknown; pending: string[] };
