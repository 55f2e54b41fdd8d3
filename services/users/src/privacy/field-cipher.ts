import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

export class CipherError extends Error {
  override readonly name = 'CipherError';
}

/** A sealed value, opened: and whether it is sealed as new values are (active key, field and owner bound). */
export interface OpenedValue {
  plaintext: string;
  current: boolean;
}

/**
 * AES-256-GCM for personal fields at rest. Each value carries the id of the key that sealed it,
 * so keys rotate by adding a new first key while old ones still open what they sealed (and the
 * re-sealing pass moves every value to the new key, so the old one can then go).
 * Associated data binds the field and the owner's id (`email|<_id>`): a ciphertext moved to
 * another field or another user fails to open. Values sealed before the owner was bound carry the
 * field alone; they still open, and are re-sealed by the pass.
 * Format: v1.<kid>.<iv>.<tag>.<ciphertext> (base64url).
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly activeKeyId: string;

  constructor(keyList: string) {
    for (const entry of keyList.split(',')) {
      const [kid, key] = entry.split(':');
      const bytes = Buffer.from(key ?? '', 'base64');
      if (!kid || bytes.length !== 32) throw new CipherError('every encryption key must be kid:<32 bytes in base64>');
      // The active key is the first: a second key under its id would change which one that means.
      if (this.keys.has(kid)) throw new CipherError(`encryption key id "${kid}" is listed twice`);
      this.keys.set(kid, bytes);
    }
    this.activeKeyId = [...this.keys.keys()][0];
  }

  get activeKey(): string {
    return this.activeKeyId;
  }

  encrypt(field: string, plaintext: string, ownerId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), iv);
    cipher.setAAD(boundTo(field, ownerId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      this.activeKeyId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  decrypt(field: string, sealed: string, ownerId: string): string {
    return this.open(field, sealed, ownerId).plaintext;
  }

  open(field: string, sealed: string, ownerId: string): OpenedValue {
    const [version, kid, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !kid || !iv || !tag || ciphertext === undefined) throw new CipherError('not an EventFlow ciphertext');
    const key = this.key(kid);
    const attempt = (aad: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    };
    try {
      return { plaintext: attempt(boundTo(field, ownerId)), current: kid === this.activeKeyId };
    } catch {
      // Sealed before values were bound to their owner: the field alone.
    }
    try {
      return { plaintext: attempt(Buffer.from(field)), current: false };
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

/** `|` cannot occur in a field name or an ObjectId, so the pair is unambiguous. */
const boundTo = (field: string, ownerId: string) => Buffer.from(`${field}|${ownerId}`);
