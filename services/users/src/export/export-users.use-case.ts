import { Injectable } from '@nestjs/common';
import { Principal } from '@eventflow/auth';
import { UsersEnv } from '../config/users.env';
import { UserRepository } from '../users/user.repository';
import { Anonymizer, AnonymizedUser, ExportFormat, ExportSummary, quasiIdentifiers, renderExport } from './anonymized-export';
import { ExportAuditRepository } from './export-audit.repository';
import { KAnonymityPlan } from './k-anonymity.plan';

export interface PreparedExport {
  summary: ExportSummary;
  chunks: AsyncGenerator<string>;
}

/**
 * Two streaming passes over the users registered up to the moment the export starts:
 * the first counts quasi-identifier combinations (the k-anonymity plan), the second
 * anonymizes and renders. Memory does not grow with the number of users.
 */
@Injectable()
export class ExportUsersUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly audits: ExportAuditRepository,
    private readonly env: UsersEnv,
  ) {}

  async execute(principal: Principal, format: ExportFormat): Promise<PreparedExport> {
    const until = new Date();
    const plan = await KAnonymityPlan.build(this.env.EXPORT_K, this.quasiIdentifiersUntil(until));
    const anonymizer = new Anonymizer(plan);
    const summary = anonymizer.summary;
    // Audited before the first byte leaves: no export without its record.
    await this.audits.record({
      key_id: principal.kind === 'staff' ? principal.keyId : 'unknown',
      role: principal.kind === 'staff' ? principal.role : principal.kind,
      formato: format,
      filas: summary.filas,
      generalizadas: summary.generalizadas,
      suprimidas: summary.suprimidas,
      k: summary.k,
      fecha: until,
    });
    return { summary, chunks: renderExport(format, summary, this.anonymizedUntil(until, anonymizer)) };
  }

  private async *quasiIdentifiersUntil(until: Date) {
    for await (const row of this.users.exportRows(until)) yield quasiIdentifiers(row);
  }

  private async *anonymizedUntil(until: Date, anonymizer: Anonymizer): AsyncGenerator<AnonymizedUser> {
    for await (const row of this.users.exportRows(until)) {
      const anonymized = anonymizer.anonymize(row);
      if (anonymized) yield anonymized;
    }
  }
}
