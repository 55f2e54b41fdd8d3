// FerretDB's own cost per write, the floor under a saga's store work: `insertOne` and `updateOne`
// by `_id`, one at a time, in a throwaway database of the bench's FerretDB. Latency per operation
// from the driver, CPU per operation from the FerretDB process's /proc counters.
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { MongoClient } = require('mongodb');
const { cpuMsOf } = require('./proc-sample');
const { percentile } = require('./stats');

async function withClient(url, use) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, maxPoolSize: 1 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** Commands the store has answered since it started, by name (serverStatus's metrics.commands; FerretDB and MongoDB both keep it). */
async function commandCounts(url) {
  return withClient(url, async (client) => {
    const status = await client.db('admin').command({ serverStatus: 1 });
    return Object.fromEntries(Object.entries(status.metrics?.commands ?? {}).map(([name, m]) => [name, Number(m.total ?? 0)]));
  });
}

/** Runs `operation(i)` `count` times in a row; latency percentiles and the FerretDB CPU it cost. */
async function phase(count, pid, operation) {
  const latencies = [];
  const cpuBefore = cpuMsOf(pid);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await operation(i);
    latencies.push(performance.now() - t0);
  }
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsOf(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(latencies, p));
  return { operations: count, p50, p95, p99, cpuMsPerOp: cpuMs / count, wallMs };
}

/** A document shaped like a reservation: a few scalars, a date and a short array of steps. */
const reservationLike = (i) => ({
  usuario_id: randomBytes(12).toString('hex'),
  evento_id: randomBytes(12).toString('hex'),
  cantidad: 1 + (i % 4),
  estado: 'pendiente',
  pasos: [{ paso: 'reservar', estado: 'hecho', en: new Date() }],
  creada: new Date(),
});

async function measureWriteCost({ url, pid, operations = 500 }) {
  return withClient(url, async (client) => {
    const db = client.db(`bench_ceiling_${randomBytes(4).toString('hex')}`);
    try {
      const docs = db.collection('reservations');
      // The first writes create the database and collection: not what a saga pays.
      for (let i = 0; i < 5; i++) await docs.insertOne(reservationLike(i));
      const ids = [];
      const insertOne = await phase(operations, pid, async (i) => ids.push((await docs.insertOne(reservationLike(i))).insertedId));
      const updateOne = await phase(operations, pid, (i) =>
        docs.updateOne({ _id: ids[i] }, { $set: { estado: 'confirmada', confirmada: new Date() }, $inc: { version: 1 } }),
      );
      return { insertOne, updateOne };
    } finally {
      await db.dropDatabase();
    }
  });
}

module.exports = { commandCounts, measureWriteCost };
