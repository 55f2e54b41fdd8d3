import { MongoClient } from 'mongodb';
import { sharedStack } from '@eventflow/testing';

/**
 * What the hot path assumes of the embedded MongoDB (FerretDB on SQLite, as scripts/lib.sh
 * builds it): finding or updating one document by `_id` is an index lookup, not a scan of
 * the collection. Stock FerretDB v1.24.2 scans (its query and its index spell `_id` differently).
 */
describe('the embedded store', () => {
  let client: MongoClient;

  beforeAll(async () => {
    client = await MongoClient.connect(sharedStack().mongoUrl);
  });

  afterAll(async () => {
    await client.close();
  });

  it('looks documents up by _id through the _id index', async () => {
    const collection = client.db('eventflow_embedded_store_check').collection('lookups');
    const { insertedIds } = await collection.insertMany(Array.from({ length: 50 }, (_, i) => ({ n: i })));
    const plan = (await collection.find({ _id: insertedIds[7] }).explain()) as { queryPlanner?: { Plan?: string[] } };
    const steps = plan.queryPlanner?.Plan ?? [];
    expect(steps.some((step) => /SEARCH \S+ USING INDEX \S+__id_/.test(step))).toBe(true);
    expect(steps.some((step) => /\bSCAN\b/.test(step))).toBe(false);
    expect(await collection.findOne({ _id: insertedIds[7] })).toMatchObject({ n: 7 });
  });
});
