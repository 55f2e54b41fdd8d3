import { SagaEngine } from './saga.engine';
import { CompensationRetryPort, SagaJournal, SagaLog, SagaStep, SagaTransition } from './saga.types';

class TransientError extends Error {}

/** Records what happened, in order, across steps, journal and retry port. */
function harness(options: { attempts?: number } = {}) {
  const happened: string[] = [];
  const transitions: SagaTransition[] = [];
  const scheduled: { sagaId: string; steps: string[] }[] = [];
  const journal: SagaJournal = {
    record: async (transition) => {
      transitions.push(structuredClone(transition));
      happened.push(`record:${transition.phase}`);
    },
  };
  const compensationRetry: CompensationRetryPort = {
    schedule: async (sagaId, steps) => {
      scheduled.push({ sagaId, steps });
    },
  };
  const engine = new SagaEngine(
    { now: () => new Date('2030-01-01T00:00:00.000Z') },
    { attempts: options.attempts ?? 3, isTransient: (e) => e instanceof TransientError, delay: async () => undefined },
  );
  const step = (
    name: string,
    behaviour: {
      fail?: () => Error;
      compensateFails?: () => Error;
      noCompensation?: boolean;
      deferPersist?: boolean;
      retryable?: boolean;
    } = {},
  ): SagaStep<object> => ({
    name,
    deferPersist: behaviour.deferPersist,
    retryable: behaviour.retryable,
    execute: async () => {
      happened.push(`execute:${name}`);
      if (behaviour.fail) throw behaviour.fail();
    },
    compensate: behaviour.noCompensation
      ? undefined
      : async () => {
          happened.push(`compensate:${name}`);
          if (behaviour.compensateFails) throw behaviour.compensateFails();
        },
  });
  const run = (steps: SagaStep<object>[], log: SagaLog = {}, resumed = false) =>
    engine.run({ sagaId: 'r1', steps, context: {}, log, journal, compensationRetry, resumed });
  const compensate = (steps: SagaStep<object>[], log: SagaLog) =>
    engine.compensate({ sagaId: 'r1', steps, context: {}, log, journal, compensationRetry });
  return { happened, transitions, scheduled, run, compensate, step };
}

const done = (extra: Partial<SagaLog[string]> = {}): SagaLog[string] => ({ estado: 'completado', inicio: 'x', fin: 'x', ...extra });

describe(SagaEngine.name, () => {
  it('runs every step in order and records each transition before the next step starts', async () => {
    const h = harness();
    const result = await h.run([h.step('a'), h.step('b'), h.step('c')]);
    expect(result).toEqual({ status: 'completed' });
    expect(h.happened).toEqual(['execute:a', 'record:running', 'execute:b', 'record:running', 'execute:c', 'record:completed']);
    expect(h.transitions.map((t) => Object.keys(t.steps))).toEqual([['a'], ['b'], ['c']]);
  });

  it('writes the completion of read-only steps together with the next transition', async () => {
    const h = harness();
    await h.run([h.step('check', { deferPersist: true, noCompensation: true }), h.step('reserve'), h.step('confirm')]);
    expect(h.happened).toEqual(['execute:check', 'execute:reserve', 'record:running', 'execute:confirm', 'record:completed']);
    expect(Object.keys(h.transitions[0].steps)).toEqual(['check', 'reserve']);
  });

  it('compensates the completed steps in reverse order when a step fails', async () => {
    const h = harness();
    const result = await h.run([h.step('a'), h.step('b'), h.step('c', { fail: () => new Error('declined') }), h.step('d')]);
    expect(result).toMatchObject({ status: 'compensated', failedStep: 'c' });
    expect(h.happened).toEqual([
      'execute:a',
      'record:running',
      'execute:b',
      'record:running',
      'execute:c',
      'record:compensating',
      'compensate:b',
      'compensate:a',
      'record:compensated',
    ]);
    const last = h.transitions.at(-1)!;
    expect(last.steps.a.compensacion).toBe('completada');
    expect(last.steps.b.compensacion).toBe('completada');
    expect(h.transitions[1 + 1].steps.c).toMatchObject({ estado: 'fallido', error: 'declined' });
  });

  it('does not compensate a step that failed with a definite answer', async () => {
    const h = harness();
    await h.run([h.step('a'), h.step('reserve', { fail: () => new Error('sold out') })]);
    expect(h.happened).not.toContain('compensate:reserve');
  });

  it('also compensates a step whose outcome is unknown (it timed out)', async () => {
    const h = harness({ attempts: 1 });
    await h.run([h.step('a'), h.step('reserve', { fail: () => new TransientError('timeout'), retryable: true })]);
    expect(h.happened.filter((e) => e.startsWith('compensate'))).toEqual(['compensate:reserve', 'compensate:a']);
  });

  it('retries an idempotent step on a transient failure, and never a non-idempotent one', async () => {
    const h = harness({ attempts: 3 });
    let calls = 0;
    const flaky: SagaStep<object> = {
      name: 'flaky',
      retryable: true,
      execute: async () => {
        if (++calls < 3) throw new TransientError('timeout');
      },
    };
    expect(await h.run([flaky])).toEqual({ status: 'completed' });
    expect(calls).toBe(3);

    let once = 0;
    const notIdempotent: SagaStep<object> = {
      name: 'once',
      execute: async () => {
        once++;
        throw new TransientError('timeout');
      },
    };
    await h.run([notIdempotent]);
    expect(once).toBe(1);
  });

  it('hands a compensation that keeps failing to the retry port, records it, and still runs the others', async () => {
    const h = harness({ attempts: 2 });
    const result = await h.run([
      h.step('a'),
      h.step('b', { compensateFails: () => new TransientError('events down') }),
      h.step('c', { fail: () => new Error('declined') }),
    ]);
    expect(result).toEqual({ status: 'compensation_pending', failedStep: 'c', error: expect.any(Error), pending: ['b'] });
    expect(h.happened.filter((e) => e.startsWith('compensate'))).toEqual(['compensate:b', 'compensate:b', 'compensate:a']);
    expect(h.happened.at(-1)).toBe('record:compensation_pending');
    expect(h.transitions.at(-1)!.steps.b).toMatchObject({ compensacion: 'fallida', compensacion_error: 'events down' });
    expect(h.scheduled).toEqual([{ sagaId: 'r1', steps: ['b'] }]);
  });

  it('resumes from a log: completed steps are not executed again', async () => {
    const h = harness();
    const result = await h.run([h.step('a'), h.step('b'), h.step('c')], { a: done(), b: done() });
    expect(result).toEqual({ status: 'completed' });
    expect(h.happened).toEqual(['execute:c', 'record:completed']);
  });

  it('undoes, when a resumed saga fails, the later steps the interrupted run may have done without recording them', async () => {
    const h = harness();
    // The lost run held the limit (recorded), then reserved and charged with their completion deferred; the event is gone now.
    const steps = [
      h.step('hold'),
      h.step('check', { deferPersist: true, noCompensation: true, fail: () => new Error('event cancelled') }),
      h.step('reserve', { deferPersist: true }),
      h.step('charge', { deferPersist: true }),
      h.step('confirm', { noCompensation: true }),
    ];
    const result = await h.run(steps, { hold: done() }, true);
    expect(result).toMatchObject({ status: 'compensated', failedStep: 'check' });
    expect(h.happened).toEqual([
      'execute:check',
      'record:compensating',
      'compensate:charge',
      'compensate:reserve',
      'compensate:hold',
      'record:compensated',
    ]);
    expect(h.transitions[0].steps.charge).toMatchObject({ estado: 'fallido', incierto: true });
  });

  it('does not undo steps a fresh saga never reached', async () => {
    const h = harness();
    await h.run([
      h.step('hold'),
      h.step('check', { noCompensation: true, fail: () => new Error('event cancelled') }),
      h.step('reserve', { deferPersist: true }),
    ]);
    expect(h.happened.filter((e) => e.startsWith('compensate'))).toEqual(['compensate:hold']);
  });

  it('resumes a compensation from a log: only what is not yet compensated is undone', async () => {
    const h = harness();
    const log = { a: done(), b: done({ compensacion: 'completada' }), c: done({ compensacion: 'fallida' }) };
    const result = await h.compensate([h.step('a'), h.step('b'), h.step('c'), h.step('d')], log);
    expect(result).toEqual({ status: 'compensated' });
    expect(h.happened).toEqual(['compensate:c', 'compensate:a', 'record:compensated']);
  });

  it('stops when the journal refuses a write (the run lost its lease) instead of going on blindly', async () => {
    const h = harness();
    let writes = 0;
    const engine = new SagaEngine({ now: () => new Date() }, { attempts: 1, isTransient: () => false, delay: async () => undefined });
    const journal: SagaJournal = {
      record: async () => {
        if (++writes === 1) throw new Error('lease lost');
      },
    };
    await expect(
      engine.run({
        sagaId: 'r1',
        steps: [h.step('a'), h.step('b')],
        context: {},
        log: {},
        journal,
        compensationRetry: { schedule: async () => undefined },
      }),
    ).rejects.toThrow('lease lost');
    expect(h.happened).toEqual(['execute:a']);
  });
});
