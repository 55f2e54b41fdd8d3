export default async () => {
  return {
    '@nestjs/swagger': {
      models: [
        [
          import('./registration/register-fan.dto'),
          {
            RegisterFanDto: {
              tipo_documento: { required: true, enum: ['DNI', 'Pasaporte', 'Cedula', 'Otro'] },
              nro_documento: { required: true, type: () => String, pattern: '^[A-Za-z0-9]{5,20}$' },
              nombre: { required: true, type: () => String, minLength: 1, maxLength: 100 },
              apellido: { required: true, type: () => String, minLength: 1, maxLength: 100 },
              email: { required: true, type: () => String, maxLength: 254, format: 'email' },
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
          import('./users.controller'),
          {
            UsersController: {
              create: { type: Object },
              export: { summary: 'Declared before `:usuario_id` so the literal path wins.' },
              get: { type: Object },
            },
          },
        ],
      ],
    },
  };
};
