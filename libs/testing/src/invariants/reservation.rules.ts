import { ledgerHolding } from './inventory.rules';
import { InvariantOptions, Violation } from './invariants.types';
import { ReservationSnapshot, StoreSnapshot } from './store-snapshot';

const ACTIVE = new Set(['pendiente', 'compensando', 'cancelando']);
const HOLDING = new Set(['pendiente', 'confirmada', 'compensando', 'cancelando', 'requiere_intervencion']);
const UNDONE = new Set(['fallida', 'cancelada']);

/** Charged according to the saga log: the payment step took effect (or may have) and was not refunded. */
function chargedBySagaLog(reservation: ReservationSnapshot): boolean {
  const step = reservation.payment;
  if (!step) return false;
  return (step.estado === 'completado' || step.incierto === true) && step.compensacion !== 'completada';
}

type Settings = Required<Pick<InvariantOptions, 'maxTicketsPerUser' | 'settleBoundMs' | 'chargeRecords'>> & { now: Date };

/** Each reservation against the ledger, the charges and the fan's history; limits and keys across them. */
export function reservationViolations(snapshot: StoreSnapshot, settings: Settings): Violation[] {
  const found: Violation[] = [];
  const events = new Map(snapshot.events.map((e) => [e.id, e]));
  const trustRecords = settings.chargeRecords === 'trusted';

  for (const r of snapshot.reservations) {
    const ids = { reserva_id: r.id, evento_id: r.eventoId, usuario_id: r.usuarioId };
    const add = (kind: Violation['kind'], message: string) => found.push({ kind, message, ids });
    const holding = ledgerHolding(events.get(r.eventoId)?.ledger.get(r.id));
    const inHistory = snapshot.histories.get(r.usuarioId)?.has(r.id) ?? false;
    const record = snapshot.charges.get(r.id);
    const charged = chargedBySagaLog(r);

    if (r.estado === 'confirmada') {
      if (holding.state !== 'sold' || holding.qty !== r.cantidad)
        add('confirmed', `confirmed for ${r.cantidad} tickets, the ledger shows ${holding.state} ${holding.qty}`);
      if (!charged) add('confirmed', 'confirmed, but its saga log shows no charge standing');
      if (trustRecords && record !== 'approved') add('confirmed', `confirmed, but the payment record is ${record ?? 'missing'}`);
      if (!inHistory) add('confirmed', "confirmed, but missing from the fan's purchase history");
    } else if (UNDONE.has(r.estado)) {
      if (holding.state === 'held' || holding.state === 'sold')
        add('undone', `${r.estado}, but the ledger still shows ${holding.qty} tickets ${holding.state}`);
      if (charged) add('undone', `${r.estado}, but its saga log shows a charge that was not refunded`);
      if (trustRecords && record === 'approved') add('undone', `${r.estado}, but the payment record is still approved`);
      if (inHistory) add('undone', `${r.estado}, but still in the fan's purchase history`);
    } else if (r.estado === 'requiere_intervencion') {
      add('not-final', 'requiere_intervencion: a compensation exhausted its retries and waits for an operator');
    } else if (ACTIVE.has(r.estado) && settings.now.getTime() - r.actualizada.getTime() > settings.settleBoundMs) {
      add(
        'not-final',
        `still ${r.estado} ${Math.round((settings.now.getTime() - r.actualizada.getTime()) / 1000)} s after its last change`,
      );
    }
  }

  const perFan = new Map<string, number>();
  for (const r of snapshot.reservations) {
    if (!HOLDING.has(r.estado)) continue;
    const key = `${r.eventoId}\u0000${r.usuarioId}`;
    perFan.set(key, (perFan.get(key) ?? 0) + r.cantidad);
  }
  for (const [key, total] of perFan) {
    if (total <= settings.maxTicketsPerUser) continue;
    const [evento_id, usuario_id] = key.split('\u0000');
    found.push({
      kind: 'purchase-limit',
      message: `the fan holds ${total} tickets, over the limit of ${settings.maxTicketsPerUser}`,
      ids: { evento_id, usuario_id },
    });
  }

  // A key may try again only after an attempt that failed for want of a dependency (nothing sold, nothing charged).
  const perKey = new Map<string, string[]>();
  for (const r of snapshot.reservations) {
    if (!r.idempotencyKey || (r.estado === 'fallida' && r.motivo === 'dependencia_no_disponible')) continue;
    perKey.set(r.idempotencyKey, [...(perKey.get(r.idempotencyKey) ?? []), r.id]);
  }
  for (const [key, reservaIds] of perKey) {
    if (reservaIds.length > 1)
      found.push({
        kind: 'idempotency',
        message: `one Idempotency-Key made ${reservaIds.length} reservations: ${reservaIds.join(', ')}`,
        ids: { idempotency_key: key },
      });
  }
  return found;
}
