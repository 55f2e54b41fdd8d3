#!/usr/bin/env node
// {service: {mongodb: {operations, waitMs}, redis: {...}}} from each service's admin-only
// /metrics (what the service sent to each store and how long it waited for replies).
// Needs ADMIN_KEY and the services' URLs (USERS_URL, EVENTS_URL, RESERVATIONS_URL).
async function sampleService(url) {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${process.env.ADMIN_KEY}` } });
  if (!response.ok) return null;
  const stores = {};
  for (const [, metric, store, value] of (await response.text()).matchAll(
    /^eventflow_store_(operations_total|wait_seconds_total)\{store="(\w+)"\} (\S+)$/gm,
  )) {
    stores[store] ??= { operations: 0, waitMs: 0 };
    if (metric === 'operations_total') stores[store].operations = Number(value);
    else stores[store].waitMs = Number(value) * 1000;
  }
  return stores;
}

async function sampleStores() {
  const services = { users: process.env.USERS_URL, events: process.env.EVENTS_URL, reservations: process.env.RESERVATIONS_URL };
  const result = {};
  for (const [name, url] of Object.entries(services)) result[name] = url ? await sampleService(url).catch(() => null) : null;
  return result;
}

module.exports = { sampleStores };
if (require.main === module) sampleStores().then((sample) => process.stdout.write(JSON.stringify(sample)));
