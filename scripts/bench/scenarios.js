// The bench's scenarios, each an open model: setup through the public API, then one or more vegeta
// attacks at a constant arrival rate whose targets each carry their own fan, event and body.
// Every knob has a BENCH_* override; docs/load-testing.md describes them.
const api = require('./api');
const { target } = require('./vegeta');
const { checkFlashSale } = require('./flash-sale-check');
const room = require('./waiting-room');

const int = (name, fallback) => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const times = (n, make) => Array.from({ length: n }, (_, i) => make(i));

const eventRead = (eventId) => target('GET', `${api.urls().events}/api/events/${eventId}`);
const profileRead = (fan) =>
  target('GET', `${api.urls().users}/api/users/${fan.usuario_id}`, { headers: { Authorization: `Bearer ${fan.token}` } });
const reservation = (fan, eventId, cantidad = 1) =>
  target('POST', `${api.urls().reservations}/api/reservar`, {
    body: { usuario_id: fan.usuario_id, evento_id: eventId, cantidad },
    headers: { Authorization: `Bearer ${fan.token}` },
  });

// The purchase limit is 10 tickets per fan and event: saga i books one ticket for fan i % fans on
// an event that changes every `perPair` rounds, so nobody reaches it where every saga should succeed.
const sagaTarget = (fans, events, i, perPair = 5) =>
  reservation(fans[i % fans.length], events[Math.floor(i / (fans.length * perPair)) % events.length]);
const eventsForSagas = (sagas, fans, perPair = 5) => Math.ceil(sagas / (fans * perPair));

const CREATED = { ok: [201] };
const ANSWERED = { ok: [200, 201], rejected: [409] };

const scenarios = {
  users: {
    what: 'fans register (`POST /api/users`), each with its own body',
    params: () => ({ rate: int('BENCH_USERS_RATE', 100), seconds: int('BENCH_USERS_SECONDS', 10) }),
    expect: CREATED,
    thresholds: { routes: { 'POST /api/users': { p95: 500 } }, errorRate: 0.01 },
    setup: async () => ({}),
    attacks: (_, p) => [
      {
        name: 'users',
        rate: p.rate,
        targets: times(p.rate * p.seconds, () => target('POST', `${api.urls().users}/api/users`, { body: api.fanBody() })),
      },
    ],
  },
  events: {
    what: 'organizers publish events (`POST /api/events`, organizer key)',
    params: () => ({ rate: int('BENCH_EVENTS_RATE', 40), seconds: int('BENCH_EVENTS_SECONDS', 10) }),
    expect: CREATED,
    thresholds: { routes: { 'POST /api/events': { p95: 500 } }, errorRate: 0.01 },
    setup: async () => ({}),
    attacks: (_, p) => {
      const headers = { Authorization: `Bearer ${api.env('ORGANIZER_KEY')}` };
      const publish = () => target('POST', `${api.urls().events}/api/events`, { body: api.eventBody(), headers });
      return [{ name: 'events', rate: p.rate, targets: times(p.rate * p.seconds, publish) }];
    },
  },
  reads: {
    what: 'cached reads, alternating: an event (public) and a fan’s own profile (the fan’s token)',
    params: () => ({ rate: int('BENCH_READS_RATE', 1000), seconds: int('BENCH_READS_SECONDS', 10), fans: int('BENCH_READS_FANS', 20) }),
    expect: { ok: [200] },
    thresholds: { routes: { 'GET /api/events/:id': { p95: 10 }, 'GET /api/users/:id': { p95: 50 } }, errorRate: 0.001 },
    setup: async (p) => ({ events: await api.createEvents(3), fans: await api.registerFans(p.fans) }),
    attacks: ({ events, fans }, p) => [
      {
        name: 'reads',
        rate: p.rate,
        targets: times(p.rate * p.seconds, (i) => (i % 2 === 0 ? eventRead(events[(i / 2) % 3]) : profileRead(fans[i % fans.length]))),
      },
    ],
  },
  reservations: {
    what: 'full sagas (`POST /api/reservar`), one ticket each, nobody reaching the purchase limit',
    params: () => ({
      rate: int('BENCH_RESERVATIONS_RATE', 30),
      seconds: int('BENCH_RESERVATIONS_SECONDS', 20),
      fans: int('BENCH_RESERVATIONS_FANS', 30),
    }),
    expect: CREATED,
    thresholds: { routes: { 'POST /api/reservar': { p95: 150 } }, errorRate: 0.01 },
    costPerSaga: true,
    setup: async (p) => ({
      fans: await api.registerFans(p.fans),
      events: await api.createEvents(eventsForSagas(p.rate * p.seconds, p.fans)),
    }),
    attacks: ({ fans, events }, p) => [
      { name: 'sagas', rate: p.rate, targets: times(p.rate * p.seconds, (i) => sagaTarget(fans, events, i)) },
    ],
  },
  'flash-sale': {
    what: 'many fans race for one event with few seats; every fifth fan fires twice at once; quantities 1–4; then the consistency check',
    params: () => ({
      fans: int('BENCH_FLASH_FANS', 200),
      aforo: int('BENCH_FLASH_AFORO', 50),
      rate: int('BENCH_FLASH_RATE', 200),
      limit: int('MAX_TICKETS_PER_USER', 10),
    }),
    expect: ANSWERED,
    thresholds: { errorRate: 0.001 }, // latency is reported, not judged: this scenario is about consistency
    setup: async (p) => ({
      fans: await api.registerFans(p.fans),
      eventId: (await api.createEvents(1, { aforo_total: p.aforo, nombre: `Flash sale ${Date.now()}` }))[0],
    }),
    attacks: ({ fans, eventId }, p) => {
      const quantity = () => 1 + Math.floor(Math.random() * 4);
      const targets = fans.flatMap((fan, i) =>
        i % 5 === 0
          ? [reservation(fan, eventId, quantity()), reservation(fan, eventId, quantity())]
          : [reservation(fan, eventId, quantity())],
      );
      return [{ name: 'race', rate: p.rate, targets }];
    },
    check: ({ eventId }, p) => checkFlashSale(eventId, p),
  },
  sustained: {
    what: 'mixed load: 80 % event reads, 10 % profile reads, 10 % sagas, interleaved',
    params: () => ({
      rate: int('BENCH_SUSTAINED_RATE', 200),
      seconds: int('BENCH_SUSTAINED_SECONDS', 30),
      fans: int('BENCH_SUSTAINED_FANS', 200),
    }),
    expect: ANSWERED,
    thresholds: {
      routes: { 'GET /api/events/:id': { p95: 10 }, 'GET /api/users/:id': { p95: 50 }, 'POST /api/reservar': { p95: 150 } },
      errorRate: 0.001,
    },
    setup: async (p) => ({
      fans: await api.registerFans(p.fans),
      events: await api.createEvents(Math.max(5, eventsForSagas((p.rate * p.seconds) / 10, p.fans))),
    }),
    attacks: ({ fans, events }, p) => {
      const mixed = (i) => {
        const round = Math.floor(i / 10);
        // Sagas spread over the events, as the reads are; 409 for the purchase limit is allowed here.
        if (i % 10 === 9) return reservation(fans[round % fans.length], events[round % events.length]);
        if (i % 10 === 8) return profileRead(fans[round % fans.length]);
        return eventRead(events[i % events.length]);
      };
      return [{ name: 'mixed', rate: p.rate, targets: times(p.rate * p.seconds, mixed) }];
    },
  },
  'waiting-room': {
    what: "on-sale day: fans join one event's waiting room within seconds, poll their turns, and buy one ticket each once admitted; then FIFO, oversell and sell-out time are checked",
    params: () => ({
      fans: int('BENCH_ROOM_FANS', 20000),
      joinSeconds: int('BENCH_ROOM_JOIN_SECONDS', 10),
      aforo: int('BENCH_ROOM_AFORO', 500),
      // Below the sagas/s this machine sustains (benchmarks.md: about 55), leaving room for the polls.
      perMinute: int('BENCH_ROOM_ADMITTED_PER_MINUTE', 600),
      pollRate: int('BENCH_ROOM_POLL_RATE', 1000),
      pollSeconds: int('BENCH_ROOM_POLL_SECONDS', 10),
    }),
    expect: { ok: [200, 201] },
    thresholds: {
      routes: { 'GET /api/events/:id/fila/:id': { p95: 20 }, 'POST /api/events/:id/fila': { p95: 500 } },
      errorRate: 0.001,
    },
    setup: async (p) => {
      const fans = await api.registerFans(p.fans);
      await room.warmUp(fans[0]);
      return {
        fans,
        eventId: (
          await api.createEvents(1, {
            aforo_total: p.aforo,
            nombre: `Sala de espera ${Date.now()}`,
            // The gate is held (1 a minute) while the fans gather, and opened when the sale starts.
            sala_de_espera: { activa: true, admitidos_por_minuto: 1, ventana_compra_s: 600 },
          })
        )[0],
      };
    },
    attacks: (fixtures, p) => {
      const { fans, eventId } = fixtures;
      const join = (fan) => target('POST', room.roomUrl(eventId), { headers: { Authorization: `Bearer ${fan.token}` } });
      const poll = (fan) => target('GET', `${room.roomUrl(eventId)}/${fan.turnoId}`, { headers: { Authorization: `Bearer ${fan.token}` } });
      return [
        {
          name: 'join',
          rate: Math.ceil(p.fans / p.joinSeconds),
          targets: fans.map(join),
        },
        {
          name: 'polls',
          rate: p.pollRate,
          // The organizer opens the gate once every fan knows their turn, and the admitted fans
          // buy while vegeta polls (docs/on-sale.md: holding the gate while fans gather).
          before: async () => {
            fixtures.line = await room.learnTurns(fans, eventId);
            fixtures.openedAt = await room.setAdmissionRate(eventId, p.perMinute, fixtures.line[0]);
            fixtures.sale = room.sell(fixtures.line, eventId, 600);
          },
          get targets() {
            return times(p.pollRate * p.pollSeconds, (i) => poll(fixtures.line[i % fixtures.line.length]));
          },
        },
      ];
    },
    check: (fixtures, p) => room.checkRoom(fixtures, p),
  },
  throughput: {
    what: 'cached event reads alone at half the peak, then at the peak; then sagas alone the same way; the peak stages are judged',
    params: () => ({
      readPeak: int('BENCH_READ_PEAK', 5000),
      sagaPeak: int('BENCH_SAGA_PEAK', 120),
      stage: int('BENCH_THROUGHPUT_STAGE', 5),
      fans: int('BENCH_THROUGHPUT_FANS', 500),
    }),
    expect: { ok: [200, 201] },
    thresholds: { routes: { 'GET /api/events/:id': { p95: 10 }, 'POST /api/reservar': { p95: 150 } }, errorRate: 0.001 },
    setup: async (p) => {
      const fans = await api.registerFans(p.fans);
      return { fans, events: await api.createEvents(eventsForSagas(Math.ceil(p.sagaPeak * p.stage * 1.5), fans.length)) };
    },
    attacks: ({ fans, events }, p) => {
      const [readHalf, sagaHalf] = [Math.floor(p.readPeak / 2), Math.floor(p.sagaPeak / 2)];
      const reads = (rate) => times(rate * p.stage, () => eventRead(events[0]));
      const sagas = (from, rate) => times(rate * p.stage, (i) => sagaTarget(fans, events, from + i));
      // The half stage warms up and shows the trend; only the peak stage is judged (and reported as such).
      return [
        { name: 'reads-half', rate: readHalf, targets: reads(readHalf), judged: false },
        { name: 'reads-peak', rate: p.readPeak, targets: reads(p.readPeak), peak: true },
        { name: 'sagas-half', rate: sagaHalf, targets: sagas(0, sagaHalf), judged: false },
        { name: 'sagas-peak', rate: p.sagaPeak, targets: sagas(sagaHalf * p.stage, p.sagaPeak), peak: true },
      ];
    },
  },
};

module.exports = { scenarios, SCENARIO_NAMES: Object.keys(scenarios) };
