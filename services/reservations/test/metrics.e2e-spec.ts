import { api, sampleValue, sharedStack } from '@eventflow/testing';
import { apisOf, createEvent, registerFan, reserve } from './support';

/** The saga's metrics move with what happens to reservations (other tests share the stack: deltas, not totals). */
describe('reservations metrics', () => {
  const stack = sharedStack();
  const apis = apisOf(stack);
  const scrape = async (service: 'reservations' | 'events') => {
    const response = await api(stack.services[service].url).get('/metrics', { token: stack.keys.admin });
    expect(response.status).toBe(200);
    return response.text;
  };

  it('counts a confirmed saga, its steps and the reservation route', async () => {
    const fan = await registerFan(apis);
    const eventoId = await createEvent(apis, { aforo_total: 10 });
    const before = await scrape('reservations');
    expect((await reserve(apis, fan, eventoId, 2)).status).toBe(201);
    const after = await scrape('reservations');
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(moved('eventflow_sagas_total', { outcome: 'confirmed' })).toBeGreaterThanOrEqual(1);
    expect(moved('eventflow_reservations_sagas_started_total')).toBeGreaterThanOrEqual(1);
    for (const step of ['reservar_inventario', 'procesar_pago', 'confirmar'])
      expect(moved('eventflow_saga_step_duration_seconds_count', { step, action: 'execute' })).toBeGreaterThanOrEqual(1);
    expect(
      moved('eventflow_http_request_duration_seconds_count', { method: 'POST', route: '/api/reservar', status: '201' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(await scrape('events'), 'eventflow_inventory_tickets', { evento_id: eventoId, state: 'sold' })).toBe(2);
  });

  it('counts a failed saga and the compensations it ran', async () => {
    const fan = await registerFan(apis);
    const eventoId = await createEvent(apis, { aforo_total: 10 });
    const before = await scrape('reservations');
    expect((await reserve(apis, fan, eventoId, 1, { 'x-test-payment': 'decline' })).status).toBe(409);
    const after = await scrape('reservations');
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(moved('eventflow_sagas_total', { outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    for (const step of ['reservar_inventario', 'limite_compra'])
      expect(moved('eventflow_saga_compensations_total', { step, result: 'done' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(await scrape('events'), 'eventflow_inventory_tickets', { evento_id: eventoId, state: 'available' })).toBe(10);
  });

  it('shows the queues, their job schedulers and the dead letters', async () => {
    const text = await scrape('reservations');
    expect(text).toContain('eventflow_reservations_compensation_dead_letters');
    expect(text).toMatch(/eventflow_queue_jobs\{queue="saga-compensations-dead",state="waiting"\} \d+/);
    expect(sampleValue(text, 'eventflow_job_scheduler_present', { scheduler: 'recover-stuck-sagas' })).toBe(1);
    expect(sampleValue(await scrape('events'), 'eventflow_job_scheduler_present', { scheduler: 'reconcile-inventory' })).toBe(1);
  });
});
