// The waiting-room scenario's fans, driven through the public API beside vegeta's attacks: they
// learn their turns (joining again is the same turn), buy as soon as they are admitted (one
// ticket each, with their admission token), and at the end every turn is read once to check that
// the waiting fans hold exactly the places 1…W (first come, first served: nobody admitted was
// behind anybody still waiting).
const { setTimeout: delay } = require('node:timers/promises');
const api = require('./api');

async function call(method, url, token, { body, headers = {} } = {}) {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const retryAfterS = Number(response.headers.get('retry-after') ?? 1);
  return { status: response.status, body: await response.json().catch(() => undefined), retryAfterS };
}

const roomUrl = (eventId) => `${api.urls().reservations}/api/events/${eventId}/fila`;

/** Runs `task` over `items`, `concurrency` at a time. */
async function each(items, concurrency, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

/**
 * One purchase on an event of its own before the sale: a process's first reservation also runs
 * the Redis restart guards' reconciliation (docs/reliability.md), a start-up cost, not the sale's.
 */
async function warmUp(fan) {
  const [eventId] = await api.createEvents(1);
  const { status } = await call('POST', `${api.urls().reservations}/api/reservar`, fan.token, {
    body: { usuario_id: fan.usuario_id, evento_id: eventId, cantidad: 1 },
  });
  if (status !== 201) throw new Error(`the warm-up purchase answered ${status}`);
}

/** Every fan's turn id, by joining again (the same turn); the fans in the order of their places. */
async function learnTurns(fans, eventId) {
  await each(fans, 50, async (fan) => {
    const { status, body } = await call('POST', roomUrl(eventId), fan.token);
    if (status !== 201) throw new Error(`re-joining answered ${status}`);
    fan.turnoId = body.turno_id;
    fan.posicion = body.posicion;
  });
  return [...fans].sort((a, b) => a.posicion - b.posicion);
}

/**
 * The organizer sets the room's rate to `perMinute`; resolves when (epoch ms). With `first`, the
 * first fan in line, it also waits for the admitter to apply it (that fan admitted), so that no
 * fan is told to come back later at the old rate.
 */
async function setAdmissionRate(eventId, perMinute, first) {
  await api.patchEvent(eventId, { sala_de_espera: { activa: true, admitidos_por_minuto: perMinute, ventana_compra_s: 600 } });
  const openedAt = Date.now();
  const deadline = openedAt + 10_000;
  while (first && Date.now() < deadline) {
    if ((await call('GET', `${roomUrl(eventId)}/${first.turnoId}`, first.token)).body?.estado === 'admitido') break;
    await delay(50);
  }
  return openedAt;
}

/**
 * Admitted fans buy: the first not-yet-served fans in line poll their turns as a fan's browser
 * would — each again after the answer's Retry-After — and reserve once admitted, until the event
 * is sold out or `seconds` pass. Resolves with what it saw.
 */
async function sell(line, eventId, seconds) {
  const deadline = Date.now() + seconds * 1000;
  const outcome = { bought: 0, refusedSoldOut: 0, otherRefusals: 0, otherAnswers: {}, soldOutAtMs: undefined, admittedSeen: 0 };
  let served = 0;
  while (served < line.length && Date.now() < deadline && outcome.soldOutAtMs === undefined) {
    const due = line.slice(served, served + 50).filter((fan) => !fan.done && (fan.pollAt ?? 0) <= Date.now());
    await each(due, 50, async (fan) => {
      const turn = await call('GET', `${roomUrl(eventId)}/${fan.turnoId}`, fan.token);
      fan.pollAt = Date.now() + turn.retryAfterS * 1000;
      if (turn.body?.estado !== 'admitido') return;
      outcome.admittedSeen += 1;
      fan.done = true;
      const bought = await call('POST', `${api.urls().reservations}/api/reservar`, fan.token, {
        body: { usuario_id: fan.usuario_id, evento_id: eventId, cantidad: 1 },
        headers: { 'X-Admission-Token': turn.body.token_admision },
      });
      if (bought.status === 201) outcome.bought += 1;
      else if (bought.body?.code === 'RESERVATION.SOLD_OUT') {
        outcome.refusedSoldOut += 1;
        outcome.soldOutAtMs ??= Date.now();
      } else {
        outcome.otherRefusals += 1;
        const why = `${bought.status} ${bought.body?.code ?? ''}`.trim();
        outcome.otherAnswers[why] = (outcome.otherAnswers[why] ?? 0) + 1;
      }
    });
    while (served < line.length && line[served].done) served += 1;
    if ((await api.inventoryOf(eventId)).disponibles === 0) outcome.soldOutAtMs ??= Date.now();
    // Until the next fan in the window is due to poll again.
    const next = Math.min(...line.slice(served, served + 50).map((fan) => fan.pollAt ?? 0));
    await delay(Math.max(50, next - Date.now()));
  }
  return outcome;
}

/**
 * Reads every turn once: the waiting fans must hold exactly the places 1…W. The caller slows
 * admissions to one a minute first, so at most one admission happens during the read (`slack`).
 */
async function checkOrder(fans, eventId) {
  const places = [];
  let notWaiting = 0;
  let errors = 0;
  await each(fans, 50, async (fan) => {
    const turn = await call('GET', `${roomUrl(eventId)}/${fan.turnoId}`, fan.token);
    if (turn.status !== 200) errors += 1;
    else if (turn.body.estado === 'esperando') places.push(turn.body.posicion);
    else notWaiting += 1;
  });
  places.sort((a, b) => a - b);
  const misplaced = places.filter((place, i) => place !== i + 1 && place !== i).length;
  return { waiting: places.length, notWaiting, errors, distinct: new Set(places).size, misplaced };
}

/** After the sale: the figures the issue asks for, each as a check. */
async function checkRoom({ fans, eventId, openedAt, sale }, p) {
  const sold = await sale;
  // Admissions slowed to one a minute (the admitter applies it at its next tick), so the order can be read.
  await setAdmissionRate(eventId, 1);
  await delay(1500);
  const order = await checkOrder(fans, eventId);
  const inventory = await api.inventoryOf(eventId);
  const predictedS = (p.aforo * 60) / p.perMinute;
  const soldOutS = sold.soldOutAtMs === undefined ? null : (sold.soldOutAtMs - openedAt) / 1000;
  const checks = {
    'every ticket sold, none oversold': inventory.vendidas === p.aforo && sold.bought === p.aforo,
    'no tickets left held': inventory.retenidas === 0 && inventory.consistente === true,
    'the waiting fans hold the places 1…W (first come, first served)': order.errors === 0 && order.misplaced <= 1,
    'no purchase refused but for sold out': sold.otherRefusals === 0,
    'sold out within 25 % of the predicted time': soldOutS !== null && Math.abs(soldOutS - predictedS) <= predictedS * 0.25,
  };
  const facts = { ...sold, soldOutS, predictedS, ...order, vendidas: inventory.vendidas, retenidas: inventory.retenidas };
  delete facts.soldOutAtMs;
  return { checks, facts, passed: Object.values(checks).every(Boolean) };
}

module.exports = { warmUp, learnTurns, setAdmissionRate, sell, checkOrder, checkRoom, roomUrl };
