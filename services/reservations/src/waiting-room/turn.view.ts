import { TurnRecord } from '../ports/waiting-room.port';

export type TurnState = 'esperando' | 'admitido' | 'expirado';

export interface TurnView {
  turno_id: string;
  posicion: number;
  estado: TurnState;
  espera_estimada_s: number;
  token_admision?: string;
  expira_en?: string;
}

/** A fan's turn as they see it now; the token shows only while it is good. */
export function turnView(turn: TurnRecord, nowMs: number): TurnView {
  if (turn.number > turn.admittedUpTo || turn.admittedAtMs === undefined) {
    const posicion = turn.number - turn.admittedUpTo;
    return {
      turno_id: turn.turnoId,
      posicion,
      estado: 'esperando',
      espera_estimada_s: Math.ceil((posicion * 60) / Math.max(1, turn.admittedPerMinute)),
    };
  }
  const expiresAt = turn.admittedAtMs + turn.windowMs;
  if (nowMs >= expiresAt) return { turno_id: turn.turnoId, posicion: 0, estado: 'expirado', espera_estimada_s: 0 };
  return {
    turno_id: turn.turnoId,
    posicion: 0,
    estado: 'admitido',
    espera_estimada_s: 0,
    token_admision: turn.token,
    expira_en: new Date(expiresAt).toISOString(),
  };
}

/** When to poll again, in seconds: sooner as the turn comes near, never more often than every second. */
export function pollAgainInS(view: TurnView): number {
  if (view.estado !== 'esperando') return 30;
  return Math.min(30, Math.max(1, Math.ceil(view.espera_estimada_s / 4)));
}
