import { sampleValue } from '@eventflow/testing';
import { HttpRequestMetrics } from './http.metrics';
import { MetricsRegistry } from './metrics.registry';

describe(HttpRequestMetrics.name, () => {
  it('counts requests by method, route pattern and status, with bucket bounds at the targets', async () => {
    const registry = new MetricsRegistry();
    const http = new HttpRequestMetrics(registry);
    http.observe('GET', '/api/events/:evento_id', 200, 4);
    http.observe('GET', '/api/events/:evento_id', 200, 30);
    http.observe('GET', undefined, 404, 1);
    const text = await registry.metrics();
    const cached = { method: 'GET', route: '/api/events/:evento_id', status: '200' };
    expect(sampleValue(text, 'eventflow_http_request_duration_seconds_count', cached)).toBe(2);
    expect(sampleValue(text, 'eventflow_http_request_duration_seconds_bucket', { ...cached, le: '0.01' })).toBe(1);
    expect(sampleValue(text, 'eventflow_http_request_duration_seconds_bucket', { ...cached, le: '0.05' })).toBe(2);
    expect(sampleValue(text, 'eventflow_http_request_duration_seconds_bucket', { ...cached, le: '0.15' })).toBe(2);
    expect(sampleValue(text, 'eventflow_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
  });

  it('serves the Node runtime and store-wait metrics from a service registry, without names promtool refuses', async () => {
    const text = await MetricsRegistry.forService().metrics();
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(text).toContain('# TYPE eventflow_store_operations_total counter');
    expect(text).not.toMatch(/^# TYPE nodejs_active_\w+_total gauge$/m);
  });
});
