import { createHmac } from 'node:crypto';

/**
 * Deterministic keyed pseudonyms (HMAC-SHA256). Deterministic so unique indexes and
 * look-ups work; keyed so an 8-digit DNI cannot be brute-forced from the hash alone.
 */
export class KeyedHasher {
  constructor(private readonly key: string) {}

  /** Type and number, case- and separator-insensitive: "dni 12.345.678" ≡ "DNI 12345678". */
  document(tipo: string, numero: string): string {
    return this.hmac(`document:${tipo.toUpperCase()}:${numero.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`);
  }

  email(email: string): string {
    return this.hmac(`email:${email.trim().toLowerCase()}`);
  }

  private hmac(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('hex');
  }
}
