import { randomUUID } from 'node:crypto';
import { useRealRedis } from '@eventflow/testing';
import { defineScript } from './redis-script';

const INCREMENT_BY = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
return {total, ARGV[2]}`;

describe(defineScript.name, () => {
  const redis = useRealRedis();
  const aKey = () => `test:script:${randomUUID()}`;
  const commandsSeen = async () => {
    const stats = await redis.client.info('commandstats');
    const count = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    return { evalsha: count('evalsha'), eval: count('eval') };
  };

  it('runs the script atomically with its keys and arguments and answers its typed reply', async () => {
    const script = defineScript<[number, string]>(redis.client, { name: 'increment-by', keys: 1, lua: INCREMENT_BY });
    const key = aKey();
    expect(await script.run([key], [5, 'first'])).toEqual([5, 'first']);
    expect(await script.run([key], [2, 'second'])).toEqual([7, 'second']);
    expect(await redis.client.get(key)).toBe('7');
  });

  it('sends the script text once, then runs it by its SHA', async () => {
    const script = defineScript<[number, string]>(redis.client, { keys: 1, lua: `${INCREMENT_BY} -- by sha` });
    const key = aKey();
    await script.run([key], [1, 'a']);
    const before = await commandsSeen();
    await script.run([key], [1, 'b']);
    await script.run([key], [1, 'c']);
    const after = await commandsSeen();
    expect({ evalsha: after.evalsha - before.evalsha, eval: after.eval - before.eval }).toEqual({ evalsha: 2, eval: 0 });
    expect(await redis.client.script('EXISTS', script.sha)).toEqual([1]);
  });

  it('keeps working after SCRIPT FLUSH (as after a Redis restart), loading the script again', async () => {
    const script = defineScript<[number, string]>(redis.client, { keys: 1, lua: INCREMENT_BY });
    const key = aKey();
    await script.run([key], [1, 'before']);
    await redis.client.script('FLUSH');
    expect(await script.run([key], [1, 'after'])).toEqual([2, 'after']);
    expect(await redis.client.script('EXISTS', script.sha)).toEqual([1]);
  });

  it('refuses a call with the wrong number of keys before sending anything', async () => {
    const script = defineScript(redis.client, { name: 'increment-by', keys: 1, lua: INCREMENT_BY });
    await expect(script.run([aKey(), aKey()], [1, 'x'])).rejects.toThrow('script increment-by takes 1 keys, got 2');
  });

  it("passes the script's own errors through", async () => {
    const script = defineScript(redis.client, { name: 'broken', keys: 0, lua: `return redis.error_reply('BROKEN on purpose')` });
    await expect(script.run([])).rejects.toThrow('BROKEN on purpose');
  });
});
