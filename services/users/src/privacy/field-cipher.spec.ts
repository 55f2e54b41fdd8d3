import { createCipheriv, randomBytes } from 'node:crypto';
import { CipherError, FieldCipher } from './field-cipher';

const key = () => randomBytes(32).toString('base64');
const ANA = '65f0a1b2c3d4e5f601234567';
const BEA = '65f0a1b2c3d4e5f601234568';

/** A value as sealed before the owner was bound: the field alone as associated data. */
function sealedWithFieldOnly(kid: string, base64Key: string, field: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(base64Key, 'base64'), iv);
  cipher.setAAD(Buffer.from(field));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', kid, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

describe(FieldCipher.name, () => {
  const k1 = key();
  const cipher = new FieldCipher(`k1:${k1}`);

  it('round-trips a value', () => {
    expect(cipher.decrypt('email', cipher.encrypt('email', 'ana@example.com', ANA), ANA)).toBe('ana@example.com');
  });

  it('uses a random IV: the same value never encrypts the same way twice', () => {
    expect(cipher.encrypt('email', 'ana@example.com', ANA)).not.toBe(cipher.encrypt('email', 'ana@example.com', ANA));
  });

  it('names the key that sealed a value and never contains the plaintext', () => {
    const sealed = cipher.encrypt('nro_documento', '12345678', ANA);
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('12345678');
  });

  it('detects tampering with the ciphertext or the tag', () => {
    const [version, kid, iv, tag, ciphertext] = cipher.encrypt('email', 'ana@example.com', ANA).split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt('email', [version, kid, iv, tag, flipped.toString('base64url')].join('.'), ANA)).toThrow(CipherError);
    const badTag = Buffer.from(tag, 'base64url');
    badTag[0] ^= 1;
    expect(() => cipher.decrypt('email', [version, kid, iv, badTag.toString('base64url'), ciphertext].join('.'), ANA)).toThrow(CipherError);
  });

  it('refuses a ciphertext moved to another field', () => {
    expect(() => cipher.decrypt('email', cipher.encrypt('nro_documento', '12345678', ANA), ANA)).toThrow(CipherError);
  });

  it("L7: refuses a ciphertext moved to another user's document", () => {
    const anas = cipher.encrypt('email', 'ana@example.com', ANA);
    expect(() => cipher.decrypt('email', anas, BEA)).toThrow(CipherError);
  });

  it('L7: still opens a value sealed before the owner was bound, and says it is due for re-sealing', () => {
    const legacy = sealedWithFieldOnly('k1', k1, 'email', 'old@example.com');
    expect(cipher.open('email', legacy, ANA)).toEqual({ plaintext: 'old@example.com', current: false });
    expect(cipher.open('email', cipher.encrypt('email', 'new@example.com', ANA), ANA)).toEqual({
      plaintext: 'new@example.com',
      current: true,
    });
  });

  it('rotates keys: new values use the first key, old values still open with theirs and are due for re-sealing', () => {
    const oldValue = cipher.encrypt('email', 'old@example.com', ANA);
    const rotated = new FieldCipher(`k2:${key()},k1:${k1}`);
    expect(rotated.encrypt('email', 'new@example.com', ANA)).toMatch(/^v1\.k2\./);
    expect(rotated.open('email', oldValue, ANA)).toEqual({ plaintext: 'old@example.com', current: false });
  });

  it('fails clearly with a wrong or unknown key', () => {
    const sealed = cipher.encrypt('email', 'ana@example.com', ANA);
    expect(() => new FieldCipher(`k1:${key()}`).decrypt('email', sealed, ANA)).toThrow(CipherError);
    expect(() => new FieldCipher(`k9:${key()}`).decrypt('email', sealed, ANA)).toThrow(/unknown encryption key id "k1"/);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => new FieldCipher('k1:c2hvcnQ=')).toThrow(CipherError);
  });

  it('L7: rejects a key id listed twice (which of the two is active would be a guess)', () => {
    expect(() => new FieldCipher(`k1:${key()},k1:${key()}`)).toThrow(/encryption key id "k1" is listed twice/);
  });
});
