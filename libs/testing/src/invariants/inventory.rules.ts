import { EventSnapshot, ReservationSnapshot } from './store-snapshot';
import { Violation } from './invariants.types';

/** What the ledger says one reservation has of an event: a reserve, then commit → cancel or release. */
export type LedgerHolding = { state: 'none' | 'held' | 'sold' | 'given-back'; qty: number };

export function ledgerHolding(kinds: Map<string, number> | undefined): LedgerHolding {
  if (!kinds || kinds.size === 0) return { state: 'none', qty: 0 };
  if (kinds.has('cancel') || kinds.has('release')) return { state: 'given-back', qty: 0 };
  if (kinds.has('commit')) return { state: 'sold', qty: kinds.get('commit') ?? 0 };
  if (kinds.has('reserve')) return { state: 'held', qty: kinds.get('reserve') ?? 0 };
  return { state: 'none', qty: 0 };
}

// Redis hold states (inventory.lua.ts): h held, c committed; r, x and u hold nothing.
const redisHolding = (hold: { state: string; qty: number } | undefined): LedgerHolding => {
  if (hold?.state === 'h') return { state: 'held', qty: hold.qty };
  if (hold?.state === 'c') return { state: 'sold', qty: hold.qty };
  return { state: 'none', qty: 0 };
};
const holds = (h: LedgerHolding) => (h.state === 'held' || h.state === 'sold' ? h : { state: 'none', qty: 0 });

const MAY_HOLD = new Set(['pendiente', 'compensando', 'cancelando', 'requiere_intervencion']);
const MAY_HAVE_SOLD = new Set(['confirmada', 'compensando', 'cancelando', 'requiere_intervencion']);

/** Capacity, Redis against the ledger, and the ledger against the reservations, for one event. */
export function inventoryViolations(event: EventSnapshot, reservations: Map<string, ReservationSnapshot>): Violation[] {
  const found: Violation[] = [];
  const ids = { evento_id: event.id };
  const add = (kind: Violation['kind'], message: string, extra: Record<string, string> = {}) =>
    found.push({ kind, message, ids: { ...ids, ...extra } });

  let ledgerHeld = 0;
  let ledgerSold = 0;
  for (const [reservaId, kinds] of event.ledger) {
    const holding = ledgerHolding(kinds);
    if (holding.state === 'held') ledgerHeld += holding.qty;
    if (holding.state === 'sold') ledgerSold += holding.qty;
    if (holding.state !== 'held' && holding.state !== 'sold') continue;
    const owner = reservations.get(reservaId);
    const allowed = holding.state === 'held' ? MAY_HOLD : MAY_HAVE_SOLD;
    if (!owner)
      add('ledger-reservation', `the ledger shows ${holding.qty} tickets ${holding.state} by a reservation that does not exist`, {
        reserva_id: reservaId,
      });
    else if (!allowed.has(owner.estado) || owner.eventoId !== event.id)
      add('ledger-reservation', `the ledger shows ${holding.qty} tickets ${holding.state} by a reservation in state ${owner.estado}`, {
        reserva_id: reservaId,
      });
  }
  if (ledgerHeld + ledgerSold > event.aforoTotal)
    add('capacity', `oversold: the ledger holds ${ledgerHeld} and sold ${ledgerSold} of aforo_total ${event.aforoTotal}`);

  const live = event.redis;
  if (!live) {
    add('capacity', 'Redis has no inventory for the event: entradas_disponibles is unknown');
    return found;
  }
  if (live.aforo !== event.aforoTotal) add('capacity', `Redis enforces aforo ${live.aforo}, MongoDB says aforo_total ${event.aforoTotal}`);
  if (live.avail < 0 || live.avail + live.held + live.sold !== event.aforoTotal)
    add('capacity', `aforo_total ${event.aforoTotal} ≠ disponibles ${live.avail} + retenidas ${live.held} + vendidas ${live.sold}`);
  if (live.held !== ledgerHeld || live.sold !== ledgerSold)
    add('redis-ledger', `Redis counts ${live.held} held and ${live.sold} sold, the ledger ${ledgerHeld} and ${ledgerSold}`);

  let holdsHeld = 0;
  let holdsSold = 0;
  for (const hold of live.holds.values()) {
    if (hold.state === 'h') holdsHeld += hold.qty;
    if (hold.state === 'c') holdsSold += hold.qty;
  }
  if (holdsHeld !== live.held || holdsSold !== live.sold)
    add('redis-ledger', `Redis's totals (${live.held} held, ${live.sold} sold) are not the sum of its holds (${holdsHeld}, ${holdsSold})`);

  for (const reservaId of new Set([...event.ledger.keys(), ...live.holds.keys()])) {
    const inLedger = holds(ledgerHolding(event.ledger.get(reservaId)));
    const inRedis = redisHolding(live.holds.get(reservaId));
    if (inLedger.state !== inRedis.state || inLedger.qty !== inRedis.qty)
      add('redis-ledger', `Redis has ${inRedis.state} ${inRedis.qty}, the ledger ${inLedger.state} ${inLedger.qty}`, {
        reserva_id: reservaId,
      });
  }
  return found;
}
