export default async () => {
  return {
    '@nestjs/swagger': {
      models: [
        [
          import('./reservations/reservation.dto'),
          {
            CreateReservationDto: {
              usuario_id: { required: true, type: () => String },
              evento_id: { required: true, type: () => String },
              cantidad: { required: true, type: () => Number, minimum: 1 },
            },
            ListReservationsQuery: {
              usuario_id: {
                required: false,
                type: () => String,
                description: "A fan's reservations (that fan or an admin); required unless `evento_id` is given.",
              },
              evento_id: {
                required: false,
                type: () => String,
                description: "An event's reservations (admins only): one query, where a per-fan sweep would be one per fan.",
              },
              page: { required: true, type: () => Object, default: 1, minimum: 1, maximum: 100000 },
              limit: { required: true, type: () => Object, default: 20, minimum: 1, maximum: 100 },
            },
          },
        ],
        [
          import('./waiting-room/waiting-room.dto'),
          {
            WaitingRoomParams: { evento_id: { required: true, type: () => String } },
            TurnParams: { turno_id: { required: true, type: () => String, pattern: '^[A-Za-z0-9_-]{22}$' } },
          },
        ],
        [
          import('./waiting-list/waiting-list.dto'),
          { JoinWaitingListDto: { cantidad: { required: true, type: () => Number, minimum: 1, maximum: 1000000 } } },
        ],
      ],
      controllers: [
        [
          import('@eventflow/health'),
          {
            HealthController: {
              live: { summary: 'Liveness: the process is up and serving HTTP.' },
              ready: { summary: 'Readiness: both stores answer.', type: Object },
            },
          },
        ],
        [import('@eventflow/health'), { MetricsController: { scrape: { type: String } } }],
        [
          import('./reservations/reservations.controller'),
          {
            ReservationsController: {
              reserve: { type: Object },
              get: {},
              remove: {
                summary: '200 once cancelled; 202 while the cancellation finishes in the background (a compensation retrying, recovery).',
              },
              redriveCompensation: {
                summary: 'An operator re-drives a compensation that exhausted its retries (requiere_intervencion \u2192 compensando): 202.',
              },
            },
          },
        ],
        [
          import('./waiting-list/waiting-list.controller'),
          { WaitingListController: { join: { type: Object }, show: { type: Object }, leave: {} } },
        ],
        [import('./waiting-room/waiting-room.controller'), { WaitingRoomController: { join: { type: Object }, turn: { type: Object } } }],
      ],
    },
  };
};
