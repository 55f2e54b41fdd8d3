import { canCancel, nextState, releasesLease } from './reservation-state';

describe('reservation states', () => {
  it.each([
    ['running', false, undefined],
    ['compensating', false, 'compensando'],
    ['compensation_pending', false, 'compensando'],
    ['completed', false, 'confirmada'],
    ['compensated', false, 'fallida'],
    ['compensated', true, 'cancelada'],
  ] as const)('a %s transition (cancellation: %s) leaves the reservation %s', (phase, cancellation, state) => {
    expect(nextState(phase, cancellation)).toBe(state);
  });

  it('hands the lease back when the saga is over or waits on the compensation queue', () => {
    expect(releasesLease('completed', 'confirmada')).toBe(true);
    expect(releasesLease('compensation_pending', 'compensando')).toBe(true);
    expect(releasesLease('compensating', 'compensando')).toBe(false);
    expect(releasesLease('running', undefined)).toBe(false);
  });

  const now = new Date('2030-01-01T00:00:00Z');
  const future = new Date('2030-02-01T00:00:00Z');
  it.each([
    ['a confirmed reservation before its event', { estado: 'confirmada', fecha_evento: future }, 'cancellable'],
    ['a reservation already being cancelled', { estado: 'cancelando', cancelacion: true, fecha_evento: future }, 'already_cancelling'],
    ['a failed reservation', { estado: 'fallida', fecha_evento: future }, 'not_confirmed'],
    ['a reservation whose event started', { estado: 'confirmada', fecha_evento: now }, 'event_started'],
  ] as const)('%s is %s', (_label, reservation, verdict) => {
    expect(canCancel(reservation, now)).toBe(verdict);
  });
});
