import { createServer, Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { aFan, anEvent, api, startStack, TestStack, waitUntil } from '@eventflow/testing';

interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** An OTLP/HTTP JSON receiver that keeps every span it is sent in memory. */
function spanCollector(): { server: Server; spans: CollectedSpan[] } {
  const spans: CollectedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        resourceSpans?: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: Omit<CollectedSpan, 'service'>[] }[];
        }[];
      };
      for (const { resource, scopeSpans } of body.resourceSpans ?? []) {
        const service = resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const { spans: batch } of scopeSpans)
          for (const { traceId, spanId, parentSpanId, name } of batch) spans.push({ service, traceId, spanId, parentSpanId, name });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, spans };
}

describe('tracing across the services', () => {
  const collector = spanCollector();
  let stack: TestStack;

  beforeAll(async () => {
    await new Promise<void>((resolve) => collector.server.listen(0, '127.0.0.1', resolve));
    const { port } = collector.server.address() as AddressInfo;
    stack = await startStack({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        LOG_LEVEL: 'info',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => collector.server.close(resolve));
  });

  it('puts one reservation’s spans in all three services under one trace id, the saga steps as named spans', async () => {
    const users = api(stack.services.users.url);
    const events = api(stack.services.events.url);
    const reservations = api(stack.services.reservations.url);
    const event = await events.post('/api/events', anEvent({ aforo_total: 5 }), { token: stack.keys.organizer });
    const fan = await users.post('/api/users', aFan());
    const reserved = await reservations.post(
      '/api/reservar',
      { usuario_id: fan.body.usuario_id, evento_id: event.body.evento_id, cantidad: 1 },
      { token: fan.body.access_token },
    );
    expect(reserved.status).toBe(201);

    // The trace of the POST is the one whose root is the reservations server span for /api/reservar.
    const traceOf = () => {
      const sagaSpan = collector.spans.find(
        (span) => span.service === 'eventflow-reservations' && span.name === 'saga.reservar_inventario',
      );
      return sagaSpan && collector.spans.filter((span) => span.traceId === sagaSpan.traceId);
    };
    const required = [
      'saga.limite_compra',
      'saga.reservar_inventario',
      'saga.procesar_pago',
      'saga.actualizar_historial',
      'saga.confirmar',
    ];
    // The other services' RPC spans hang under the saga step that called them.
    const sagaStepOf = (trace: CollectedSpan[], span: CollectedSpan): string | undefined => {
      const byId = new Map(trace.map((s) => [s.spanId, s]));
      let ancestor = byId.get(span.parentSpanId ?? '');
      while (ancestor && !ancestor.name.startsWith('saga.')) ancestor = byId.get(ancestor.parentSpanId ?? '');
      return ancestor?.name;
    };
    const rpcSteps = (trace: CollectedSpan[], service: string) =>
      trace
        .filter((span) => span.service === service && span.name.startsWith('rpc '))
        .map((span) => `${span.name} < ${sagaStepOf(trace, span)}`);
    // Each service exports in its own batches: wait until all of them arrived.
    await waitUntil(
      () => {
        const trace = traceOf() ?? [];
        return (
          required.every((name) => trace.some((span) => span.name === name)) &&
          rpcSteps(trace, 'eventflow-events').includes('rpc events.inventory.reserve < saga.reservar_inventario') &&
          rpcSteps(trace, 'eventflow-users').includes('rpc users.purchases.append < saga.actualizar_historial')
        );
      },
      { timeoutMs: 30_000, description: 'one trace with spans of all three services and the saga steps' },
    );
    const trace = traceOf()!;
    expect(new Set(trace.map((span) => span.service))).toEqual(new Set(['eventflow-users', 'eventflow-events', 'eventflow-reservations']));
    expect(rpcSteps(trace, 'eventflow-events')).toContain('rpc events.inventory.reserve < saga.reservar_inventario');
    expect(rpcSteps(trace, 'eventflow-users')).toContain('rpc users.purchases.append < saga.actualizar_historial');
    // Store commands of the other services are in the same trace.
    expect(
      trace.some((span) => span.service === 'eventflow-events' && span.name !== 'rpc events.get' && !span.name.startsWith('rpc ')),
    ).toBe(true);

    // Log lines written inside the trace carry its ids.
    const traceId = trace[0].traceId;
    await waitUntil(() => readFileSync(stack.services.reservations.logFile, 'utf8').includes(`"trace_id":"${traceId}"`), {
      timeoutMs: 10_000,
      description: 'a reservations log line with the trace id',
    });
    const line = readFileSync(stack.services.reservations.logFile, 'utf8')
      .split('\n')
      .find((l) => l.includes(`"trace_id":"${traceId}"`));
    expect(JSON.parse(line!)).toMatchObject({ trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});
