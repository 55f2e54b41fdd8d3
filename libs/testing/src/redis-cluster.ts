import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { ManagedProcess, spawnManaged } from './process';
import type { StoreEndpoint } from './stores';
import { waitUntil } from './wait';

const run = promisify(execFile);
const cli = async (port: number, ...args: string[]) => (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();

interface ClusterNodesLine {
  id: string;
  port: number;
  flags: string;
  masterId: string;
  slots: Array<[number, number]>;
}

/** CLUSTER NODES: `<id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot ranges…>`. */
async function clusterNodes(port: number): Promise<ClusterNodesLine[]> {
  return (await cli(port, 'cluster', 'nodes')).split('\n').map((line) => {
    const [id, address, flags, masterId, , , , , ...ranges] = line.trim().split(' ');
    const slots = ranges
      .filter((range) => !range.startsWith('['))
      .map((range) => range.split('-').map(Number))
      .map(([from, to]) => [from, to ?? from] as [number, number]);
    return { id, port: Number(address.split(':')[1].split('@')[0]), flags, masterId, slots };
  });
}

export interface ClusterNodeInfo {
  port: number;
  role: 'master' | 'replica';
  /** For a replica, the port of its master. */
  masterPort?: number;
}

/** A Redis Cluster of Debian's redis-server on loopback; `url` is a seed node, `nodes` the REDIS_CLUSTER_NODES list. */
export interface RunningRedisCluster extends StoreEndpoint {
  readonly nodes: string;
  readonly ports: number[];
  /** Who is master and who replica now, as the cluster itself says (a live node's CLUSTER NODES). */
  topology(): Promise<ClusterNodeInfo[]>;
  /** The port of the master serving a key now. */
  masterOf(key: string): Promise<number>;
  /** kill -9 of one node (no shutdown, no final write). */
  kill(port: number): Promise<void>;
  /**
   * Drops a master's replication links: until a replica reconnects, what the master acknowledges
   * reaches no replica (with the replica frozen, it never does: a lagging replica, made to order).
   */
  detachReplicas(masterPort: number): Promise<void>;
  /** SIGSTOP / SIGCONT: a node that neither answers nor replicates, e.g. a replica left behind. */
  freeze(port: number): void;
  thaw(port: number): void;
  /** Until every live node reports cluster_state:ok and every slot is served. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Until the cluster names this replica a master and serves every slot again. */
  waitPromoted(port: number, timeoutMs?: number): Promise<void>;
}

/**
 * Starts `masters × (1 + replicasPerMaster)` redis-server processes with cluster mode on, joins them
 * with `redis-cli --cluster create`, and waits until the cluster serves every slot. A short
 * cluster-node-timeout (1 s) makes a failover take about two seconds.
 */
export async function startRedisCluster(options: { masters?: number; replicasPerMaster?: number } = {}): Promise<RunningRedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const dataDir = mkdtempSync(join(tmpdir(), 'eventflow-redis-cluster-'));
  const ports = await Promise.all(Array.from({ length: masters * (1 + replicas) }, () => freePort()));
  // The cluster bus port defaults to port + 10000, which may be taken or past 65535: ask for one too.
  const busPorts = new Map(await Promise.all(ports.map(async (port) => [port, await freePort()] as const)));
  const processes = new Map<number, ManagedProcess>();
  const launch = (port: number) => {
    const dir = join(dataDir, String(port));
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    args.push('--cluster-enabled', 'yes', '--cluster-port', String(busPorts.get(port)), '--cluster-config-file', join(dir, 'nodes.conf'));
    args.push('--cluster-node-timeout', '1000');
    // A replica that lagged or lost its link still takes over: the tests make exactly that happen.
    args.push('--cluster-replica-validity-factor', '0');
    mkdirSync(dir, { recursive: true });
    processes.set(port, spawnManaged('redis-server', args, { logFile: join(dir, 'redis.log') }));
  };
  const stopAll = async () => {
    await Promise.all([...processes.values()].map((process) => process.stop('SIGTERM', 5_000)));
    processes.clear();
  };
  const live = () => ports.filter((port) => processes.get(port)?.exited() === false);

  const cluster: RunningRedisCluster = {
    url: `redis://127.0.0.1:${ports[0]}`,
    port: ports[0],
    ports,
    nodes: ports.map((port) => `127.0.0.1:${port}`).join(','),
    async topology() {
      const nodes = await clusterNodes(live()[0]);
      const portOf = new Map(nodes.map((node) => [node.id, node.port]));
      return nodes
        .filter((node) => !node.flags.includes('fail'))
        .map((node) => ({
          port: node.port,
          role: node.flags.includes('master') ? 'master' : 'replica',
          ...(node.masterId !== '-' && { masterPort: portOf.get(node.masterId) }),
        }));
    },
    async masterOf(key) {
      const [port] = live();
      const slot = Number(await cli(port, 'cluster', 'keyslot', key));
      const owner = (await clusterNodes(port)).find(
        (node) =>
          node.flags.includes('master') && !node.flags.includes('fail') && node.slots.some(([from, to]) => slot >= from && slot <= to),
      );
      if (!owner) throw new Error(`no master serves slot ${slot}`);
      return owner.port;
    },
    async kill(port) {
      await processes.get(port)?.stop('SIGKILL', 1_000);
    },
    async detachReplicas(masterPort) {
      await cli(masterPort, 'client', 'kill', 'type', 'replica');
    },
    freeze(port) {
      process.kill(processes.get(port)!.pid, 'SIGSTOP');
    },
    thaw(port) {
      process.kill(processes.get(port)!.pid, 'SIGCONT');
    },
    async waitHealthy(timeoutMs = 30_000) {
      await waitUntil(
        async () => {
          for (const port of live()) {
            const info = await cli(port, 'cluster', 'info');
            if (!info.includes('cluster_state:ok') || !info.includes('cluster_slots_ok:16384')) return false;
          }
          return true;
        },
        { timeoutMs, intervalMs: 100, description: 'the Redis Cluster to serve every slot' },
      );
    },
    async waitPromoted(port, timeoutMs = 30_000) {
      await waitUntil(async () => (await cluster.topology()).find((node) => node.port === port)?.role === 'master', {
        timeoutMs,
        intervalMs: 100,
        description: `the replica on port ${port} to be promoted`,
      });
      await cluster.waitHealthy(timeoutMs);
    },
    async start() {
      for (const port of ports) if (!processes.get(port) || processes.get(port)?.exited()) launch(port);
      await cluster.waitHealthy();
    },
    stop: stopAll,
    async destroy() {
      await stopAll();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  try {
    ports.forEach(launch);
    await waitUntil(
      async () => {
        const exited = ports.find((port) => processes.get(port)?.exited());
        if (exited) throw new Error(`redis-server on port ${exited} exited; see ${processes.get(exited)?.logFile}`);
        return (await Promise.all(ports.map((port) => cli(port, 'ping').catch(() => '')))).every((reply) => reply === 'PONG');
      },
      { timeoutMs: 30_000, description: 'the cluster nodes to start' },
    );
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    await cluster.waitHealthy();
    return cluster;
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}
