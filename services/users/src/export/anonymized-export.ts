import { KAnonymityPlan, QuasiIdentifiers } from './k-anonymity.plan';
import { PseudonymSequence } from './pseudonym.sequence';

export const EXPORT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the export knows about a user: no id, name, email local part, document or timestamp. */
export interface ExportSource {
  dominio_email: string;
  tipo_documento: string;
  fecha_registro: Date;
  historial_compras?: Record<string, { monto: number }>;
}

export interface AnonymizedUser {
  nombre_anonimizado: string;
  dominio_email: string;
  tipo_documento: string;
  fecha_registro: string;
  total_compras: number;
  monto_total: number;
}

export interface ExportSummary {
  k: number;
  filas: number;
  generalizadas: number;
  suprimidas: number;
}

export const CSV_COLUMNS: Array<keyof AnonymizedUser> = [
  'nombre_anonimizado',
  'dominio_email',
  'tipo_documento',
  'fecha_registro',
  'total_compras',
  'monto_total',
];

export function quasiIdentifiers(source: ExportSource): QuasiIdentifiers {
  return {
    dominio_email: source.dominio_email,
    tipo_documento: source.tipo_documento,
    mes_registro: new Date(source.fecha_registro).toISOString().slice(0, 7),
  };
}

/**
 * Turns source rows into anonymized rows, one at a time (pure; the caller streams).
 * Rows must be those the plan was built from, in any order.
 */
export class Anonymizer {
  private readonly pseudonyms: PseudonymSequence;

  constructor(private readonly plan: KAnonymityPlan) {
    this.pseudonyms = new PseudonymSequence(plan.rows - plan.suppressed);
  }

  get summary(): ExportSummary {
    return {
      k: this.plan.k,
      filas: this.plan.rows - this.plan.suppressed,
      generalizadas: this.plan.generalized,
      suprimidas: this.plan.suppressed,
    };
  }

  anonymize(source: ExportSource): AnonymizedUser | undefined {
    const released = this.plan.apply(quasiIdentifiers(source));
    if (!released) return undefined;
    const number = this.pseudonyms.take();
    if (number === undefined) return undefined; // a row the plan never counted
    const montos = Object.values(source.historial_compras ?? {}).map((p) => Math.round(p.monto * 100));
    return {
      nombre_anonimizado: `Usuario_${number}`,
      ...released,
      total_compras: montos.length,
      monto_total: montos.reduce((sum, cents) => sum + cents, 0) / 100,
    };
  }
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Serializes anonymized rows as a stream of text chunks in the requested format. */
export async function* renderExport(
  format: ExportFormat,
  summary: ExportSummary,
  rows: AsyncIterable<AnonymizedUser>,
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield `${CSV_COLUMNS.join(',')}\n`;
    for await (const row of rows) yield `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\n`;
    return;
  }
  if (format === 'ndjson') {
    for await (const row of rows) yield `${JSON.stringify(row)}\n`;
    return;
  }
  yield `{"k":${summary.k},"filas":${summary.filas},"generalizadas":${summary.generalizadas},"suprimidas":${summary.suprimidas},"usuarios":[`;
  let first = true;
  for await (const row of rows) {
    yield `${first ? '' : ','}\n${JSON.stringify(row)}`;
    first = false;
  }
  yield '\n]}\n';
}
