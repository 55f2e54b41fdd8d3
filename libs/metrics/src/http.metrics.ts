import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * Bucket bounds (seconds) around the README's targets: cached event reads p95 ≤ 10 ms, profile
 * reads ≤ 50 ms, a whole reservation saga ≤ 150 ms.
 */
export const HTTP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5];

/** Label of requests no route matched: raw URLs would make one series per probe. */
export const UNMATCHED_ROUTE = 'unmatched';

type Observer = { observe(seconds: number): void };

/**
 * HTTP request durations by method, route pattern and status. Recorded from Fastify's
 * onResponse hook, so answers of the early responder count too. The label children are kept
 * per method, route and status: after the first request of a kind, an observation allocates nothing.
 */
export class HttpRequestMetrics {
  private readonly histogram: Histogram<'method' | 'route' | 'status'>;
  private readonly children = new Map<string, Map<string, Map<number, Observer>>>();

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'eventflow_http_request_duration_seconds',
      help: 'Time from request received to response sent, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_DURATION_BUCKETS,
      registers: [registry],
    });
  }

  /** `route` is the pattern Fastify matched (undefined when none did); `elapsedMs` is reply.elapsedTime. */
  observe(method: string, route: string | undefined, status: number, elapsedMs: number): void {
    const pattern = route ?? UNMATCHED_ROUTE;
    let byRoute = this.children.get(method);
    if (!byRoute) this.children.set(method, (byRoute = new Map()));
    let byStatus = byRoute.get(pattern);
    if (!byStatus) byRoute.set(pattern, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (!child) byStatus.set(status, (child = this.histogram.labels(method, pattern, String(status))));
    child.observe(elapsedMs / 1000);
  }
}
