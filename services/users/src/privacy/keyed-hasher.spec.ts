import { createHash } from 'node:crypto';
import { KeyedHasher } from './keyed-hasher';

describe(KeyedHasher.name, () => {
  const hasher = new KeyedHasher('k'.repeat(32));

  it('is deterministic, so uniqueness and look-ups work', () => {
    expect(hasher.document('DNI', '12345678')).toBe(hasher.document('DNI', '12345678'));
  });

  it('normalizes case and separators of the number and the type', () => {
    expect(hasher.document('dni', '12.345.678')).toBe(hasher.document('DNI', '12345678'));
    expect(hasher.document('Pasaporte', 'ab123456')).toBe(hasher.document('PASAPORTE', 'AB123456'));
  });

  it('tells document types apart', () => {
    expect(hasher.document('DNI', '12345678')).not.toBe(hasher.document('Pasaporte', '12345678'));
  });

  it('depends on the secret key, so it cannot be brute-forced without it', () => {
    const other = new KeyedHasher('o'.repeat(32));
    expect(other.document('DNI', '12345678')).not.toBe(hasher.document('DNI', '12345678'));
    expect(hasher.document('DNI', '12345678')).not.toBe(createHash('sha256').update('12345678').digest('hex'));
  });

  it('hashes emails case-insensitively and apart from documents', () => {
    expect(hasher.email(' Ana@Example.com ')).toBe(hasher.email('ana@example.com'));
    expect(hasher.email('12345678')).not.toBe(hasher.document('DNI', '12345678'));
  });
});
