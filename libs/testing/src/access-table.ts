/**
 * Who may call what, as data: every public route × every kind of credential → the status it
 * gets. The access-table e2e test calls each cell against a running stack, and docs/access.md is
 * rendered from it (`npm run docs:access`; a unit test fails when the two differ).
 * No imports: scripts/generate-access-doc.js loads this file on its own.
 */
export const CREDENTIALS = [
  'none',
  'malformed',
  'unknown',
  'fan',
  'other fan',
  'organizer',
  'other organizer',
  'analyst',
  'admin',
] as const;
export type Credential = (typeof CREDENTIALS)[number];

export const CREDENTIAL_MEANING: Record<Credential, string> = {
  none: 'no `Authorization` header',
  malformed: '`Authorization: Basic …` (not a bearer credential)',
  unknown: 'a bearer token nobody issued',
  fan: "the fan's own access token (the fan the resource belongs to)",
  'other fan': "another fan's access token",
  organizer: "the organizer's API key (the organizer who created the event)",
  'other organizer': "another organizer's API key",
  analyst: 'an analyst API key',
  admin: 'an admin API key',
};

export type AccessService = 'users' | 'events' | 'reservations';

export interface AccessRow {
  service: AccessService;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The route as the controller declares it. */
  route: string;
  /**
   * What the test calls: `{fan}` is the fan's usuario_id, `{event}` the organizer's event,
   * `{reservation}` the fan's reservation, `{fresh reservation}` a new one of the fan's per cell
   * (for calls that change it).
   */
  path: string;
  body?: 'registration' | 'event' | 'event change' | 'reservation' | 'waiting list';
  expected: Record<Credential, number>;
  note?: string;
}

const ANONYMOUS: Credential[] = ['none', 'malformed', 'unknown'];

/** A public route: every credential, valid or not, is ignored. */
function anyone(status: number): Record<Credential, number> {
  return Object.fromEntries(CREDENTIALS.map((credential) => [credential, status])) as Record<Credential, number>;
}

/** Deny by default: no or bad credentials 401, the listed ones their status, every other valid one 403. */
function only(allowed: Partial<Record<Credential, number>>): Record<Credential, number> {
  return Object.fromEntries(
    CREDENTIALS.map((credential) => [credential, allowed[credential] ?? (ANONYMOUS.includes(credential) ? 401 : 403)]),
  ) as Record<Credential, number>;
}

const platform = (service: AccessService): AccessRow[] => [
  { service, method: 'GET', route: '/health', path: '/health', expected: anyone(200) },
  { service, method: 'GET', route: '/health/ready', path: '/health/ready', expected: anyone(200) },
  { service, method: 'GET', route: '/metrics', path: '/metrics', expected: only({ admin: 200 }) },
];

export const ACCESS_TABLE: AccessRow[] = [
  { service: 'users', method: 'POST', route: '/api/users', path: '/api/users', body: 'registration', expected: anyone(201) },
  {
    service: 'users',
    method: 'GET',
    route: '/api/users/exportar',
    path: '/api/users/exportar',
    expected: only({ analyst: 200, admin: 200 }),
  },
  {
    service: 'users',
    method: 'GET',
    route: '/api/users/:usuario_id',
    path: '/api/users/{fan}',
    expected: only({ fan: 200, admin: 200 }),
    note: 'a fan reads only their own profile',
  },
  ...platform('users'),
  {
    service: 'events',
    method: 'POST',
    route: '/api/events',
    path: '/api/events',
    body: 'event',
    expected: only({ organizer: 201, 'other organizer': 201, admin: 201 }),
  },
  { service: 'events', method: 'GET', route: '/api/events', path: '/api/events', expected: anyone(200) },
  { service: 'events', method: 'GET', route: '/api/events/:evento_id', path: '/api/events/{event}', expected: anyone(200) },
  {
    service: 'events',
    method: 'PATCH',
    route: '/api/events/:evento_id',
    path: '/api/events/{event}',
    body: 'event change',
    expected: only({ organizer: 200, admin: 200 }),
    note: 'only the organizer who created the event (or an admin)',
  },
  {
    service: 'events',
    method: 'GET',
    route: '/api/events/:evento_id/inventario',
    path: '/api/events/{event}/inventario',
    expected: only({ organizer: 200, admin: 200 }),
    note: 'only the organizer who created the event (or an admin)',
  },
  ...platform('events'),
  {
    service: 'reservations',
    method: 'POST',
    route: '/api/reservar',
    path: '/api/reservar',
    body: 'reservation',
    expected: only({ fan: 201, admin: 201 }),
    note: 'for the fan named in `usuario_id`',
  },
  {
    service: 'reservations',
    method: 'GET',
    route: '/api/reservar?usuario_id=',
    path: '/api/reservar?usuario_id={fan}',
    expected: only({ fan: 200, admin: 200 }),
  },
  {
    service: 'reservations',
    method: 'GET',
    route: '/api/reservar?evento_id=',
    path: '/api/reservar?evento_id={event}',
    expected: only({ admin: 200 }),
  },
  {
    service: 'reservations',
    method: 'GET',
    route: '/api/reservar/:reserva_id',
    path: '/api/reservar/{reservation}',
    expected: only({ fan: 200, admin: 200 }),
  },
  {
    service: 'reservations',
    method: 'DELETE',
    route: '/api/reservar/:reserva_id',
    path: '/api/reservar/{fresh reservation}',
    expected: only({ fan: 200, admin: 200 }),
  },
  {
    service: 'reservations',
    method: 'POST',
    route: '/api/events/:evento_id/fila',
    path: '/api/events/{event}/fila',
    expected: only({ fan: 409, 'other fan': 409 }),
    note: 'fans only; 409 because the test event has no waiting room (201 in one that has)',
  },
  {
    service: 'reservations',
    method: 'GET',
    route: '/api/events/:evento_id/fila/:turno_id',
    path: '/api/events/{event}/fila/AAAAAAAAAAAAAAAAAAAAAA',
    expected: only({ fan: 404, 'other fan': 404 }),
    note: "the fan's own turn (200); another fan's turn, or one nobody handed out, is a 404",
  },
  {
    service: 'reservations',
    method: 'POST',
    route: '/api/events/:evento_id/lista-de-espera',
    path: '/api/events/{event}/lista-de-espera',
    body: 'waiting list',
    expected: only({ fan: 409, 'other fan': 409 }),
    note: 'fans only; 409 because the test event has tickets on sale (201 when it is sold out)',
  },
  {
    service: 'reservations',
    method: 'GET',
    route: '/api/events/:evento_id/lista-de-espera',
    path: '/api/events/{event}/lista-de-espera',
    expected: only({ fan: 404, 'other fan': 404 }),
    note: "the fan's own place (200 once on the list)",
  },
  {
    service: 'reservations',
    method: 'DELETE',
    route: '/api/events/:evento_id/lista-de-espera',
    path: '/api/events/{event}/lista-de-espera',
    expected: only({ fan: 404, 'other fan': 404 }),
    note: 'leaves the list (204 when on it)',
  },
  ...platform('reservations'),
];

/** docs/access.md, rendered from the table. */
export function renderAccessDoc(table: AccessRow[] = ACCESS_TABLE): string {
  const lines = [
    '# Access: who may call what',
    '',
    '<!-- Generated from libs/testing/src/access-table.ts by `npm run docs:access`; do not edit by hand. -->',
    '',
    'Every public route of every service, called with every kind of credential, and the status it',
    'answers. The access-table e2e test (`libs/auth/test/access-table.e2e-spec.ts`) makes each of these',
    'calls against a running stack, from the same table this page is generated from.',
    '',
    'Missing or invalid credentials get **401**; valid credentials of the wrong role, or for another',
    "fan's or organizer's resource, get **403**; public routes ignore credentials. Events' routes also",
    'answer under `/api/eventos`. Repeated failed authentications from one address get **429** with',
    '`Retry-After` (`AUTH_FAILURE_LIMIT` per `AUTH_FAILURE_WINDOW_MS`).',
    '',
    '| credential | what the test sends |',
    '|---|---|',
    ...CREDENTIALS.map((credential) => `| ${credential} | ${CREDENTIAL_MEANING[credential]} |`),
  ];
  for (const service of ['users', 'events', 'reservations'] as AccessService[]) {
    lines.push(
      '',
      `## ${service}`,
      '',
      `| route | ${CREDENTIALS.join(' | ')} | note |`,
      `|---|${CREDENTIALS.map(() => '---').join('|')}|---|`,
    );
    for (const row of table.filter((candidate) => candidate.service === service)) {
      const cells = CREDENTIALS.map((credential) => String(row.expected[credential]));
      lines.push(`| \`${row.method} ${row.route}\` | ${cells.join(' | ')} | ${row.note ?? ''} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
