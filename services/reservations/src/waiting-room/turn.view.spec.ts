import { TurnRecord } from '../ports/waiting-room.port';
import { pollAgainInS, turnView } from './turn.view';

const aTurn = (overrides: Partial<TurnRecord> = {}): TurnRecord => ({
  turnoId: 't1',
  usuarioId: 'u1',
  number: 10,
  token: 'secret-token',
  admittedUpTo: 4,
  admittedPerMinute: 60,
  windowMs: 60_000,
  ...overrides,
});

describe(turnView.name, () => {
  it('a waiting fan sees how many are ahead of them, counting themselves, and the wait at the room rate', () => {
    expect(turnView(aTurn(), 0)).toEqual({ turno_id: 't1', posicion: 6, estado: 'esperando', espera_estimada_s: 6 });
    expect(turnView(aTurn({ admittedPerMinute: 2 }), 0).espera_estimada_s).toBe(180);
  });

  it('never shows the token before the turn is admitted', () => {
    expect(turnView(aTurn(), 0)).not.toHaveProperty('token_admision');
  });

  it('an admitted fan gets the token and when it expires', () => {
    const view = turnView(aTurn({ admittedUpTo: 10, admittedAtMs: 1_000 }), 30_000);
    expect(view).toEqual({
      turno_id: 't1',
      posicion: 0,
      estado: 'admitido',
      espera_estimada_s: 0,
      token_admision: 'secret-token',
      expira_en: new Date(61_000).toISOString(),
    });
  });

  it('the turn expires at the end of its window, and the token is no longer shown', () => {
    expect(turnView(aTurn({ admittedUpTo: 10, admittedAtMs: 1_000 }), 61_000)).toEqual({
      turno_id: 't1',
      posicion: 0,
      estado: 'expirado',
      espera_estimada_s: 0,
    });
  });

  it('suggests polling sooner as the turn comes near, between 1 and 30 seconds', () => {
    expect(pollAgainInS({ turno_id: 't', posicion: 1, estado: 'esperando', espera_estimada_s: 1 })).toBe(1);
    expect(pollAgainInS({ turno_id: 't', posicion: 9, estado: 'esperando', espera_estimada_s: 40 })).toBe(10);
    expect(pollAgainInS({ turno_id: 't', posicion: 900, estado: 'esperando', espera_estimada_s: 4_000 })).toBe(30);
  });
});
