import { SagaEngine } from './saga.engine';
import { harness, TransientError } from './saga.engine.fixtures';
import { SagaStep } from './saga.types';

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
});
