import { UsersEnv } from '../config/users.env';
import { InMemoryUserRepository } from '../users/user.fakes';
import { newUserId } from '../users/user.repository';
import type { ExportAudit } from '../users/user.schema';
import type { ExportAuditRepository } from './export-audit.repository';
import { ExportUsersUseCase } from './export-users.use-case';

class RecordingAudits implements Pick<ExportAuditRepository, 'record'> {
  readonly recorded: ExportAudit[] = [];
  async record(audit: ExportAudit): Promise<void> {
    this.recorded.push(audit);
  }
}

async function anExporter(fans: number, k = 2) {
  const users = new InMemoryUserRepository();
  for (let i = 0; i < fans; i++)
    await users.create(newUserId(), {
      nombre: `Fan${i}`,
      apellido: 'García',
      email: `fan${i}@example.com`,
      email_hash: `e${i}`,
      dominio_email: 'example.com',
      tipo_documento: 'DNI',
      nro_documento_hash: `d${i}`,
      access_token_hash: `t${i}`,
      fecha_registro: new Date('2024-01-05T00:00:00.000Z'),
    });
  const audits = new RecordingAudits();
  const env = Object.assign(new UsersEnv(), { EXPORT_K: k });
  return { users, audits, exporter: new ExportUsersUseCase(users.asRepository(), audits as unknown as ExportAuditRepository, env) };
}

const ANALYST = { kind: 'staff', role: 'analyst', keyId: 'analyst1' } as const;

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

describe(ExportUsersUseCase.name, () => {
  it('records who exported what before the first byte is rendered', async () => {
    const { audits, exporter } = await anExporter(3);
    const { summary } = await exporter.execute(ANALYST, 'ndjson');
    expect(audits.recorded).toEqual([
      {
        key_id: 'analyst1',
        role: 'analyst',
        formato: 'ndjson',
        filas: summary.filas,
        generalizadas: summary.generalizadas,
        suprimidas: summary.suprimidas,
        k: 2,
        fecha: expect.any(Date),
      },
    ]);
    expect(summary).toMatchObject({ k: 2, filas: 3 });
  });

  it('renders only fans registered before the export began, with no identifier', async () => {
    const { users, exporter } = await anExporter(3);
    const prepared = await exporter.execute(ANALYST, 'ndjson');
    await users.create(newUserId(), {
      nombre: 'Late',
      apellido: 'Comer',
      email: 'late@example.com',
      email_hash: 'late',
      dominio_email: 'example.com',
      tipo_documento: 'DNI',
      nro_documento_hash: 'late',
      access_token_hash: 'late',
      fecha_registro: new Date(Date.now() + 60_000),
    });
    const rendered = await text(prepared.chunks);
    expect(rendered.trim().split('\n')).toHaveLength(3);
    expect(rendered).not.toMatch(/Fan\d|fan\d@|Late/);
  });
});
