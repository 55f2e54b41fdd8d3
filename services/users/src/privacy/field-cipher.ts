import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

export class CipherError extends Error {
  override readonly name = 'CipherError';
}

/**
 * AES-256-GCM for personal fields at rest. Each value carries the id of the key that
 * sealed it, so keys rotate by adding a new first key while old ones still decrypt.
 * The field name is bound as associated data: a ciphertext moved to another field fails.
 * Format: v1.<kid>.<iv>.<tag>.<ciphertext> (base64url).
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly activeKeyId: string;

  constructor(keyList: string) {
    const entries = keyList.split(',').map((entry) => {
      const [kid, key] = entry.split(':');
      const bytes = Buffer.from(key ?? '', 'base64');
      if (!kid || bytes.length !== 32) throw new CipherError('every encryption key must be kid:<32 bytes in base64>');
      return [kid, bytes] as const;
    });
    this.keys = new Map(entries);
    this.activeKeyId = entries[0][0];
  }

  encrypt(field: string, plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), iv);
    cipher.setAAD(Buffer.from(field));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      this.activeKeyId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  decrypt(field: string, sealed: string): string {
    const [version, kid, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !kid || !iv || !tag || ciphertext === undefined) throw new CipherError('not an EventFlow ciphertext');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key(kid), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(field));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new CipherError(`cannot decrypt ${field}: ${error instanceof Error ? error.message : 'tampered or wrong key'}`);
    }
  }

  private key(kid: string): Buffer {
    const key = this.keys.get(kid);
    if (!key) throw new CipherError(`unknown encryption key id "${kid}"`);
    return key;
  }
}
