import { SagaEngine } from './saga.engine';
import { done, harness } from './saga.engine.fixtures';
import { SagaJournal } from './saga.types';

describe(`${SagaEngine.name} resuming after a crash`, () => {
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
