import { MongoClient } from 'mongodb';
import { RunningStore, startFerretDb } from '@eventflow/testing';
import { isFerretDb, isFerretDbBuild } from './store-kind';

describe('which MongoDB-compatible store answers', () => {
  let ferretdb: RunningStore;
  let client: MongoClient;

  beforeAll(async () => {
    ferretdb = await startFerretDb();
    client = await MongoClient.connect(ferretdb.url);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await ferretdb?.destroy();
  });

  it('recognizes FerretDB from its own buildInfo (which also claims a MongoDB version)', async () => {
    await expect(isFerretDb(client.db('admin'))).resolves.toBe(true);
  });

  it('takes a buildInfo without FerretDB’s fields for MongoDB', () => {
    expect(isFerretDbBuild({ version: '7.0.14', gitVersion: 'abc', ok: 1 })).toBe(false);
  });
});
