// What one saga costs, from the samples a run took around its attacks: CPU per process (/proc),
// store operations and waits per service (/metrics), commands the store answered
// (serverStatus), and the floor FerretDB alone sets under those commands (ceilings.json).
const SAGA = 'POST /api/reservar';

const sagasOf = (summary) => summary.attacks.flatMap((a) => a.routes).reduce((n, r) => n + (r.route === SAGA ? r.requests : 0), 0);

/** [{ name, cpuMs, peakRssMb }] per saga, per process the bench sampled; undefined without sagas. */
function cpuPerSaga(summary) {
  const sagas = sagasOf(summary);
  const { before, after } = summary;
  if (!sagas || !before?.processes || !after?.processes) return undefined;
  return Object.entries(after.processes).map(([name, p]) => ({
    name,
    cpuMs: (p.cpuMs - (before.processes[name]?.cpuMs ?? 0)) / sagas,
    peakRssMb: p.peakRssMb,
  }));
}

/** [{ service, mongodb: { operations, waitMs }, redis: {...} }] per saga. */
function storesPerSaga(summary) {
  const sagas = sagasOf(summary);
  const { before, after } = summary;
  if (!sagas || !before?.stores || !after?.stores) return undefined;
  const per = (service, store, field) => {
    const a = after.stores[service]?.[store]?.[field];
    return a === undefined ? NaN : (a - (before.stores[service]?.[store]?.[field] ?? 0)) / sagas;
  };
  return Object.keys(after.stores)
    .filter((service) => after.stores[service])
    .map((service) => ({
      service,
      ...Object.fromEntries(
        ['mongodb', 'redis'].map((store) => [
          store,
          { operations: per(service, store, 'operations'), waitMs: per(service, store, 'waitMs') },
        ]),
      ),
    }));
}

/** { command: count per saga } for the commands the store answered during the run (the bench's own serverStatus left out). */
function commandsPerSaga(summary) {
  const sagas = sagasOf(summary);
  const { before, after } = summary;
  if (!sagas || !before?.commands || !after?.commands) return undefined;
  const counts = {};
  for (const [name, total] of Object.entries(after.commands)) {
    const delta = total - (before.commands[name] ?? 0) - (name === 'serverStatus' ? 1 : 0);
    if (delta > 0) counts[name] = delta / sagas;
  }
  return counts;
}

/**
 * FerretDB's floor under a saga: its inserts and updates (findAndModify counted as an update) at
 * the ceiling's idle cost per write. Reads and other commands are left out, so this is a floor.
 */
function storeFloor(summary, ferretdb) {
  const commands = commandsPerSaga(summary);
  if (!commands || !ferretdb) return undefined;
  const inserts = commands.insert ?? 0;
  const updates = (commands.update ?? 0) + (commands.findAndModify ?? 0);
  return {
    inserts,
    updates,
    latencyMs: inserts * ferretdb.insertOne.p50 + updates * ferretdb.updateOne.p50,
    cpuMs: inserts * ferretdb.insertOne.cpuMsPerOp + updates * ferretdb.updateOne.cpuMsPerOp,
  };
}

module.exports = { SAGA, sagasOf, cpuPerSaga, storesPerSaga, commandsPerSaga, storeFloor };
