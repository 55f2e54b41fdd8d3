import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_STACK_FILE_VAR, SharedStackInfo, startStack, TestStack } from './stack';

declare global {
  var __EVENTFLOW_STACK__: TestStack | undefined;
}

/** Starts one stack (real FerretDB, Redis and the three services) shared by the e2e test files. */
export default async function globalSetup(): Promise<void> {
  const stack = await startStack();
  globalThis.__EVENTFLOW_STACK__ = stack;
  const info: SharedStackInfo = {
    mongoUrl: stack.mongo.url,
    redisUrl: stack.redis.url,
    keys: stack.keys,
    env: stack.env,
    services: Object.fromEntries(
      Object.entries(stack.services).map(([name, s]) => [name, { url: s.url, port: s.port, rpcPort: s.rpcPort, logFile: s.logFile }]),
    ) as SharedStackInfo['services'],
  };
  const file = join(mkdtempSync(join(tmpdir(), 'eventflow-e2e-')), 'stack.json');
  writeFileSync(file, JSON.stringify(info));
  process.env[SHARED_STACK_FILE_VAR] = file;
}
