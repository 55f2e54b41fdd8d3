/** Stops the shared stack, whether or not the tests passed. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__EVENTFLOW_STACK__?.stop();
  globalThis.__EVENTFLOW_STACK__ = undefined;
}
