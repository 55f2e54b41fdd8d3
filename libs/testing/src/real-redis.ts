import Redis from 'ioredis';
import { RunningStore, startRedis } from './stores';

/**
 * A private real Redis for one test file: started before its tests, stopped after.
 * Read `.client` inside tests (it exists once beforeAll has run).
 */
export function useRealRedis(): { readonly client: Redis; readonly url: string } {
  let server: RunningStore | undefined;
  let client: Redis | undefined;
  beforeAll(async () => {
    server = await startRedis();
    client = new Redis(server.url);
  });
  afterAll(async () => {
    await client?.quit();
    await server?.destroy();
  });
  return {
    get client() {
      if (!client) throw new Error('useRealRedis(): the client exists only inside tests');
      return client;
    },
    get url() {
      if (!server) throw new Error('useRealRedis(): the server exists only inside tests');
      return server.url;
    },
  };
}
