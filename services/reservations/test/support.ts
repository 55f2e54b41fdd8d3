import { aFan, anEvent, Api, api, waitUntil } from '@eventflow/testing';

/** The three public APIs of a stack, and the steps the reservation tests repeat. */
export interface Apis {
  users: Api;
  events: Api;
  reservations: Api;
  keys: { organizer: string; admin: string; analyst: string };
}

export function apisOf(stack: { services: Record<'users' | 'events' | 'reservations', { url: string }>; keys: Apis['keys'] }): Apis {
  return {
    users: api(stack.services.users.url),
    events: api(stack.services.events.url),
    reservations: api(stack.services.reservations.url),
    keys: stack.keys,
  };
}

export interface Fan {
  id: string;
  token: string;
}

export async function registerFan(apis: Apis): Promise<Fan> {
  const response = await apis.users.post('/api/users', aFan());
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${response.text}`);
  return { id: response.body.usuario_id, token: response.body.access_token };
}

export async function registerFans(apis: Apis, count: number, parallel = 10): Promise<Fan[]> {
  const fans: Fan[] = [];
  for (let i = 0; i < count; i += parallel) {
    fans.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, () => registerFan(apis)))));
  }
  return fans;
}

export async function createEvent(apis: Apis, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await apis.events.post('/api/events', anEvent(overrides), { token: apis.keys.organizer });
  if (response.status !== 201) throw new Error(`event creation failed: ${response.status} ${response.text}`);
  return response.body.evento_id;
}

export interface InventoryReport {
  aforo_total: number;
  vendidas: number;
  retenidas: number;
  disponibles: number;
  consistente: boolean;
}

export async function inventoryOf(apis: Apis, eventoId: string): Promise<InventoryReport> {
  const response = await apis.events.get(`/api/events/${eventoId}/inventario`, { token: apis.keys.admin });
  if (response.status !== 200) throw new Error(`inventory failed: ${response.status} ${response.text}`);
  return response.body;
}

export interface Purchase {
  evento_id: string;
  reserva_id: string;
  cantidad: number;
  monto: number;
}

export async function historyOf(apis: Apis, fan: Fan): Promise<Purchase[]> {
  const response = await apis.users.get(`/api/users/${fan.id}`, { token: fan.token });
  if (response.status !== 200) throw new Error(`user read failed: ${response.status} ${response.text}`);
  return response.body.historial_compras ?? [];
}

export function reserve(apis: Apis, fan: Fan, eventoId: string, cantidad: number, headers: Record<string, string> = {}) {
  return apis.reservations.post('/api/reservar', { usuario_id: fan.id, evento_id: eventoId, cantidad }, { token: fan.token, headers });
}

export async function reservationOf(apis: Apis, reservaId: string) {
  const response = await apis.reservations.get(`/api/reservar/${reservaId}`, { token: apis.keys.admin });
  if (response.status !== 200) throw new Error(`reservation read failed: ${response.status} ${response.text}`);
  return response.body;
}

/** Every reservation of a fan, all pages. */
export async function reservationsOf(apis: Apis, fan: Fan): Promise<any[]> {
  const all: any[] = [];
  for (let page = 1; ; page++) {
    const response = await apis.reservations.get(`/api/reservar?usuario_id=${fan.id}&page=${page}&limit=100`, { token: apis.keys.admin });
    if (response.status !== 200) throw new Error(`listing failed: ${response.status} ${response.text}`);
    all.push(...response.body.reservas);
    if (all.length >= response.body.total || response.body.reservas.length === 0) return all;
  }
}

export const TERMINAL = ['confirmada', 'fallida', 'cancelada', 'requiere_intervencion'];

export function waitForTerminal(apis: Apis, reservaId: string, timeoutMs = 30_000) {
  return waitUntil(
    async () => {
      const reservation = await reservationOf(apis, reservaId);
      return TERMINAL.includes(reservation.estado) ? reservation : false;
    },
    { timeoutMs, intervalMs: 100, description: `reservation ${reservaId} to settle` },
  );
}
