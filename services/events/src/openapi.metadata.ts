export default async () => {
  const t = {
    ['./management/event.dto']: await import('./management/event.dto'),
  };
  return {
    '@nestjs/swagger': {
      models: [
        [
          import('./catalog/list-events.query'),
          {
            ListEventsQuery: {
              categoria: { required: false, enum: ['Concierto', 'Conferencia', 'Deportivo', 'Teatro', 'Otro'] },
              desde: {
                required: false,
                type: () => String,
                description: 'RFC 3339, read with a real parse: `IsISO8601` passed `2030-W01`, which `new Date` cannot read (a 500).',
              },
              hasta: { required: false, type: () => String },
              estado: { required: false, enum: ['activo', 'cancelado', 'finalizado'] },
              limit: { required: false, type: () => Number, minimum: 1, maximum: 100 },
              cursor: {
                required: false,
                type: () => String,
                description: 'Opaque, from `siguiente_cursor` of the previous page.',
                pattern: '^[A-Za-z0-9_-]{1,200}$',
              },
            },
          },
        ],
        [
          import('./management/event.dto'),
          {
            WaitingRoomDto: {
              activa: { required: true, type: () => Boolean },
              admitidos_por_minuto: { required: true, type: () => Number, minimum: 1, maximum: 1000000 },
              ventana_compra_s: { required: true, type: () => Number, minimum: 30, maximum: 86400 },
            },
            CreateEventDto: {
              nombre: { required: true, type: () => String, minLength: 1, maxLength: 200 },
              descripcion: { required: false, type: () => String, minLength: 0, maxLength: 5000 },
              fecha: { required: true, type: () => String },
              lugar: { required: true, type: () => String, minLength: 1, maxLength: 300 },
              aforo_total: { required: true, type: () => Number, minimum: 1, maximum: 1000000 },
              precio: { required: true, type: () => Number, minimum: 0 },
              categoria: { required: false, enum: ['Concierto', 'Conferencia', 'Deportivo', 'Teatro', 'Otro'] },
              sala_de_espera: { required: false, type: () => t['./management/event.dto'].WaitingRoomDto },
            },
            UpdateEventDto: {
              nombre: { required: false, type: () => String, minLength: 1, maxLength: 200 },
              descripcion: { required: false, type: () => String, minLength: 0, maxLength: 5000 },
              fecha: { required: false, type: () => String },
              lugar: { required: false, type: () => String, minLength: 1, maxLength: 300 },
              aforo_total: { required: false, type: () => Number, minimum: 1, maximum: 1000000 },
              precio: { required: false, type: () => Number, minimum: 0 },
              categoria: { required: false, enum: ['Concierto', 'Conferencia', 'Deportivo', 'Teatro', 'Otro'] },
              sala_de_espera: { required: false, type: () => t['./management/event.dto'].WaitingRoomDto },
              estado: {
                required: false,
                type: () => String,
                description: 'The only state change an organizer makes: cancelling, which is final.',
              },
            },
          },
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
          import('./cancellation/cancellation.rpc.controller'),
          { CancellationRpcController: { pending: { type: Object }, progress: { type: Object } } },
        ],
        [
          import('./inventory/inventory.rpc.controller'),
          {
            InventoryRpcController: {
              reserve: { type: Object },
              release: { type: Object },
              staleHolds: {
                summary: "Holds no saga settled (for the reservations service's reconciliation of holds against reservations).",
                type: Object,
              },
              commit: { type: Object },
            },
          },
        ],
        [
          import('./catalog/catalog.http.controller'),
          {
            CatalogHttpController: {
              list: { type: Object },
              get: { summary: 'Served as ready-made JSON text: cached head + live counter, no serialization.', type: String },
            },
          },
        ],
        [import('./catalog/events.rpc.controller'), { EventsRpcController: { get: { type: Object } } }],
        [
          import('./management/management.http.controller'),
          { ManagementHttpController: { create: { type: Object }, update: { type: String }, inventory: { type: Object } } },
        ],
      ],
    },
  };
};
