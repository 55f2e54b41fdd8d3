// After the flash sale, through the API only: confirmed tickets = seats sold = aforo (the bench
// asks for more than there is), nothing held, counter = ledger, nobody over the purchase limit,
// nothing left pending.
const { setTimeout: delay } = require('node:timers/promises');
const api = require('./api');

/** Polls `probe` until it returns a truthy value or `seconds` pass; resolves with its last value. */
async function pollUntil(probe, seconds, intervalMs = 1000) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value.done || Date.now() > deadline) return value;
    await delay(intervalMs);
  }
}

function tally(reservations, limit) {
  const ticketsByFan = {};
  let [sold, pending, confirmed] = [0, 0, 0];
  for (const r of reservations) {
    if (['pendiente', 'compensando'].includes(r.estado)) pending += 1;
    if (r.estado !== 'confirmada') continue;
    ticketsByFan[r.usuario_id] = (ticketsByFan[r.usuario_id] ?? 0) + r.cantidad;
    sold += r.cantidad;
    confirmed += 1;
  }
  const overLimit = Object.values(ticketsByFan).filter((tickets) => tickets > limit).length;
  const fans = Object.keys(ticketsByFan).length;
  return { sold, confirmed, fans, listed: reservations.length, pending, overLimit, done: pending === 0 };
}

async function checkFlashSale(eventId, { aforo, limit }) {
  // Sagas still in flight, or left for recovery, hold tickets: wait until none are held (one cheap
  // inventory read at a time) before listing the event's reservations once.
  await pollUntil(async () => ({ done: (await api.inventoryOf(eventId)).retenidas === 0 }), 180);
  const listed = await pollUntil(async () => tally(await api.reservationsOfEvent(eventId), limit), 30, 5000);
  const inventory = await api.inventoryOf(eventId);
  const checks = {
    'confirmed tickets equal aforo_total': listed.sold === aforo,
    'inventory sold equals aforo_total': inventory.vendidas === aforo,
    'no tickets left held': inventory.retenidas === 0,
    'counter agrees with the ledger': inventory.consistente === true,
    'no fan above the purchase limit': listed.overLimit === 0,
    'no reservation left pending': listed.pending === 0,
  };
  const facts = { aforo, ...listed, vendidas: inventory.vendidas, retenidas: inventory.retenidas, disponibles: inventory.disponibles };
  delete facts.done;
  return { checks, facts, passed: Object.values(checks).every(Boolean) };
}

module.exports = { checkFlashSale };
