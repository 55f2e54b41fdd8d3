import { randomBytes } from 'node:crypto';
import { CipherError, FieldCipher } from './field-cipher';

const key = () => randomBytes(32).toString('base64');

describe(FieldCipher.name, () => {
  const k1 = key();
  const cipher = new FieldCipher(`k1:${k1}`);

  it('round-trips a value', () => {
    expect(cipher.decrypt('email', cipher.encrypt('email', 'ana@example.com'))).toBe('ana@example.com');
  });

  it('uses a random IV: the same value never encrypts the same way twice', () => {
    expect(cipher.encrypt('email', 'ana@example.com')).not.toBe(cipher.encrypt('email', 'ana@example.com'));
  });

  it('names the key that sealed a value and never contains the plaintext', () => {
    const sealed = cipher.encrypt('nro_documento', '12345678');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('12345678');
  });

  it('detects tampering with the ciphertext or the tag', () => {
    const [version, kid, iv, tag, ciphertext] = cipher.encrypt('email', 'ana@example.com').split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt('email', [version, kid, iv, tag, flipped.toString('base64url')].join('.'))).toThrow(CipherError);
    const badTag = Buffer.from(tag, 'base64url');
    badTag[0] ^= 1;
    expect(() => cipher.decrypt('email', [version, kid, iv, badTag.toString('base64url'), ciphertext].join('.'))).toThrow(CipherError);
  });

  it('refuses a ciphertext moved to another field', () => {
    expect(() => cipher.decrypt('email', cipher.encrypt('nro_documento', '12345678'))).toThrow(CipherError);
  });

  it('rotates keys: new values use the first key, old values still open with theirs', () => {
    const oldValue = cipher.encrypt('email', 'old@example.com');
    const rotated = new FieldCipher(`k2:${key()},k1:${k1}`);
    expect(rotated.encrypt('email', 'new@example.com')).toMatch(/^v1\.k2\./);
    expect(rotated.decrypt('email', oldValue)).toBe('old@example.com');
  });

  it('fails clearly with a wrong or unknown key', () => {
    const sealed = cipher.encrypt('email', 'ana@example.com');
    expect(() => new FieldCipher(`k1:${key()}`).decrypt('email', sealed)).toThrow(CipherError);
    expect(() => new FieldCipher(`k9:${key()}`).decrypt('email', sealed)).toThrow(/unknown encryption key id "k1"/);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => new FieldCipher('k1:c2hvcnQ=')).toThrow(CipherError);
  });
});
