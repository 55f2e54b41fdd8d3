import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { SERVICE_NAMES, startStack, TestStack, waitUntil } from '@eventflow/testing';
import { Apis, apisOf, createEvent, Fan, inventoryOf, registerFans, reserve, TERMINAL } from './support';

/**
 * The flash sale on a 6-node Redis Cluster (3 masters, 3 replicas) that loses the master holding
 * the event's inventory mid-sale. Its replica is frozen first, so the master acknowledges sales the
 * replica never receives: the promoted replica has lagged (the H2 case). The restart guards must
 * notice the new master and rebuild from MongoDB before another ticket moves, and the sale must
 * end with no oversell and every record in agreement. About 30 s (a cluster, a failover), so it
 * runs in `npm test`. The checks below are local; the shared invariant checker replaces them once
 * it is on main (libs/testing/src/invariants).
 */
const AFORO = 240;
const LIMIT = 10;
const FANS = 48;
const RECONCILING = 'reconciling it with MongoDB';

describe('Redis Cluster failover mid-sale', () => {
  let stack: TestStack;
  let apis: Apis;

  beforeAll(async () => {
    stack = await startStack({
      redisCluster: { masters: 3, replicasPerMaster: 1 },
      only: SERVICE_NAMES,
      env: { MAX_TICKETS_PER_USER: String(LIMIT) },
      serviceEnv: { reservations: { PAYMENT_LATENCY_MS: '50', RECOVERY_INTERVAL_MS: '500', SAGA_LEASE_MS: '5000' } },
    });
    apis = apisOf(stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** A fan who keeps buying until sold out or at the limit; retries a 503 or a dropped connection with the same key, as real clients do. */
  async function buyer(fan: Fan, eventoId: string, deadline: number): Promise<Array<{ status: number; body: any }>> {
    const answers: Array<{ status: number; body: any }> = [];
    for (let bought = 0; bought < LIMIT && Date.now() < deadline;) {
      const key = randomUUID();
      const cantidad = 1 + (answers.length % 3);
      let answer: { status: number; body: any } | undefined;
      while (!answer && Date.now() < deadline) {
        const response = await reserve(apis, fan, eventoId, cantidad, { 'Idempotency-Key': key }).catch(() => undefined);
        if (response && response.status !== 503) answer = response;
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!answer) break;
      answers.push(answer);
      if (answer.status === 201) bought += cantidad;
      else if (answer.status === 409 && answer.body?.motivo === 'entradas_insuficientes') break;
      else if (answer.status === 409) bought = LIMIT;
    }
    return answers;
  }

  it('loses a lagging master mid-sale, reconciles, never oversells, and every record agrees', async () => {
    const cluster = stack.redisCluster!;
    const fans = await registerFans(apis, FANS, 12);
    const eventoId = await createEvent(apis, { aforo_total: AFORO, precio: 10 });
    const availKey = `eventflow:events:{${eventoId}}:avail`;
    const master = await cluster.masterOf(availKey);
    const replica = (await cluster.topology()).find((node) => node.masterPort === master)!.port;
    const avail = async (port: number) => Number((await cliGet(port, availKey)) ?? NaN);

    const deadline = Date.now() + 90_000;
    const sale = Promise.all(fans.map((fan) => buyer(fan, eventoId, deadline)));

    // Mid-sale: the replica stops and loses its link, the master sells on, then dies without a goodbye.
    await waitUntil(async () => (await avail(master)) <= AFORO - 40, { timeoutMs: 30_000, description: 'the sale to be under way' });
    cluster.freeze(replica);
    await cluster.detachReplicas(master);
    const detachedAt = await avail(master);
    const lastOnMaster = await waitUntil(async () => ((await avail(master)) <= detachedAt - 6 ? avail(master) : false), {
      timeoutMs: 30_000,
      description: 'sales the replica never saw',
    });
    await cluster.kill(master);
    const replicaCopy = replicaValue(replica, availKey).catch(() => '');
    cluster.thaw(replica);
    // Usually the replica's counter is older than what the master acknowledged (it lags by those
    // sales). A read queued while it was frozen can meet it mid-wake-up, or after it caught up from
    // bytes already in its socket: then this run shows the failover without the lag. Either way the
    // restart guards must fire and nothing may be oversold (below).
    const copy = Number(await replicaCopy);
    if (!(copy > lastOnMaster)) console.warn(`the replica did not visibly lag this time (copy ${copy}, master ${lastOnMaster})`);
    await cluster.waitPromoted(replica, 30_000);

    const answers = (await sale).flat();
    expect(answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => `${a.status} ${a.body?.message}`)).toEqual([]);

    // Every reservation final, then the invariants.
    const reservations = await waitUntil(
      async () => {
        const all = await eventReservations(apis, eventoId);
        return all.every((r) => TERMINAL.includes(r.estado)) && all;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'every reservation to be final' },
    );
    const confirmed = reservations.filter((r) => r.estado === 'confirmada');
    const sold = confirmed.reduce((sum, r) => sum + r.cantidad, 0);
    const inventory = await waitUntil(
      async () => {
        const report = await inventoryOf(apis, eventoId);
        return report.retenidas === 0 && report;
      },
      { timeoutMs: 30_000, description: 'no tickets left held' },
    );
    expect(inventory.aforo_total).toBe(inventory.disponibles + inventory.retenidas + inventory.vendidas);
    expect(inventory).toMatchObject({ aforo_total: AFORO, vendidas: sold, consistente: true });
    expect(sold).toBeLessThanOrEqual(AFORO);
    const perFan = new Map<string, number>();
    for (const r of confirmed) perFan.set(r.usuario_id, (perFan.get(r.usuario_id) ?? 0) + r.cantidad);
    expect([...perFan.values()].filter((tickets) => tickets > LIMIT)).toEqual([]);

    // The ledger: one commit per confirmed reservation, none for the others.
    const commits = await ledgerCommits(stack.mongo.url, eventoId);
    expect(confirmed.filter((r) => commits.get(r.reserva_id) !== 1).map((r) => r.reserva_id)).toEqual([]);
    expect(reservations.filter((r) => r.estado !== 'confirmada' && commits.has(r.reserva_id)).map((r) => r.reserva_id)).toEqual([]);

    // Both restart guards saw the promoted replica as a new run: once at start-up, once after the failover.
    for (const service of [stack.services.events, stack.services.reservations]) {
      expect(readFileSync(service.logFile, 'utf8').split(RECONCILING).length - 1).toBeGreaterThanOrEqual(2);
    }
  }, 240_000);
});

/** A replica's own copy of a key (READONLY, so it answers instead of redirecting); resolves once the replica runs again. */
function replicaValue(port: number, key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('redis-cli', ['-p', String(port)], (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim().split('\n').pop() ?? ''),
    );
    child.stdin?.end(`READONLY\nGET ${key}\n`);
  });
}

async function cliGet(port: number, key: string): Promise<string | undefined> {
  return execFileSync('redis-cli', ['-p', String(port), 'get', key], { encoding: 'utf8' }).trim() || undefined;
}

/** Every reservation for the event, all pages (admin). */
async function eventReservations(apis: Apis, eventoId: string): Promise<any[]> {
  const all: any[] = [];
  for (let page = 1; ; page++) {
    const response = await apis.reservations.get(`/api/reservar?evento_id=${eventoId}&page=${page}&limit=100`, { token: apis.keys.admin });
    if (response.status !== 200) throw new Error(`listing failed: ${response.status} ${response.text}`);
    all.push(...response.body.reservas);
    if (all.length >= response.body.total || response.body.reservas.length === 0) return all;
  }
}

/** reserva_id → how many `commit` rows the inventory ledger holds for it. */
async function ledgerCommits(mongoUrl: string, eventoId: string): Promise<Map<string, number>> {
  const client = await MongoClient.connect(mongoUrl);
  try {
    const rows = await client.db('eventflow_events').collection('inventory_ledger').find({ evento_id: eventoId, kind: 'commit' }).toArray();
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(String(row.reserva_id), (counts.get(String(row.reserva_id)) ?? 0) + 1);
    return counts;
  } finally {
    await client.close();
  }
}
