/** The quasi-identifiers an export row keeps, before generalization. */
export interface QuasiIdentifiers {
  dominio_email: string;
  tipo_documento: string;
  /** YYYY-MM */
  mes_registro: string;
}

export interface GeneralizedIdentifiers {
  dominio_email: string;
  tipo_documento: string;
  /** YYYY-MM, or YYYY where the month would single people out. */
  fecha_registro: string;
}

export const GENERALIZED_DOMAIN = 'otro';

type Treatment = 'keep' | 'domain' | 'domain-and-month' | 'suppress';

const key = (domain: string, type: string, period: string) => `${domain}\u0000${type}\u0000${period}`;

function increment(counts: Map<string, number>, k: string, by: number): void {
  counts.set(k, (counts.get(k) ?? 0) + by);
}

/**
 * k-anonymity over (email domain, document type, registration period). Built from one pass
 * that only counts combinations (memory grows with distinct combinations, not with users):
 * a combination rarer than k loses its domain; if still rarer than k, its month becomes the
 * year; if still rarer, its rows are suppressed. Every released combination has ≥ k rows.
 */
export class KAnonymityPlan {
  private readonly treatments = new Map<string, Treatment>();
  readonly rows: number;
  readonly generalized: number;
  readonly suppressed: number;

  private constructor(
    readonly k: number,
    counts: Map<string, number>,
  ) {
    let rows = 0;
    const byDomainless = new Map<string, number>();
    for (const [combo, count] of counts) {
      rows += count;
      if (count >= k) {
        this.treatments.set(combo, 'keep');
      } else {
        const [, type, month] = combo.split('\u0000');
        increment(byDomainless, key(GENERALIZED_DOMAIN, type, month), count);
      }
    }
    const byYear = new Map<string, number>();
    for (const [combo, count] of byDomainless) {
      if (count < k) {
        const [, type, month] = combo.split('\u0000');
        increment(byYear, key(GENERALIZED_DOMAIN, type, month.slice(0, 4)), count);
      }
    }
    let generalized = 0;
    let suppressed = 0;
    for (const [combo, count] of counts) {
      if (this.treatments.has(combo)) continue;
      const [, type, month] = combo.split('\u0000');
      let treatment: Treatment = 'domain';
      if ((byDomainless.get(key(GENERALIZED_DOMAIN, type, month)) ?? 0) < k) {
        treatment = (byYear.get(key(GENERALIZED_DOMAIN, type, month.slice(0, 4))) ?? 0) >= k ? 'domain-and-month' : 'suppress';
      }
      this.treatments.set(combo, treatment);
      if (treatment === 'suppress') suppressed += count;
      else generalized += count;
    }
    this.rows = rows;
    this.generalized = generalized;
    this.suppressed = suppressed;
  }

  static async build(k: number, rows: AsyncIterable<QuasiIdentifiers> | Iterable<QuasiIdentifiers>): Promise<KAnonymityPlan> {
    const counts = new Map<string, number>();
    for await (const row of rows) increment(counts, key(row.dominio_email, row.tipo_documento, row.mes_registro), 1);
    return new KAnonymityPlan(k, counts);
  }

  /** The released identifiers of a row, or undefined when the row must be suppressed. */
  apply(row: QuasiIdentifiers): GeneralizedIdentifiers | undefined {
    const treatment = this.treatments.get(key(row.dominio_email, row.tipo_documento, row.mes_registro)) ?? 'suppress';
    switch (treatment) {
      case 'keep':
        return { dominio_email: row.dominio_email, tipo_documento: row.tipo_documento, fecha_registro: row.mes_registro };
      case 'domain':
        return { dominio_email: GENERALIZED_DOMAIN, tipo_documento: row.tipo_documento, fecha_registro: row.mes_registro };
      case 'domain-and-month':
        return { dominio_email: GENERALIZED_DOMAIN, tipo_documento: row.tipo_documento, fecha_registro: row.mes_registro.slice(0, 4) };
      case 'suppress':
        return undefined;
    }
  }
}
