import { KeyedHasher } from './keyed-hasher';
import { FieldCipher } from './field-cipher';

export interface ProtectedIdentity {
  nro_documento_hash: string;
  email_hash: string;
  /** Plain (lower-case) when encryption is off; sealed when on. */
  email: string;
  /** Only when encryption is on; otherwise the raw document is discarded after hashing. */
  nro_documento_cifrado?: string;
  dominio_email: string;
}

/** A user's sealable fields as stored. */
export interface StoredPersonalFields {
  email: string;
  nro_documento_cifrado?: string;
}

const isSealed = (stored: string) => stored.startsWith('v1.');

/**
 * Decides how each personal field is stored: the privacy model in one place.
 * See docs/privacy.md. Sealed values are bound to their owner's id.
 */
export class PersonalDataProtector {
  /**
   * @param cipher present whenever keys are configured, so data sealed earlier stays readable
   * @param encryptNewData ENABLE_ENCRYPTION: whether new personal data is sealed
   */
  constructor(
    private readonly hasher: KeyedHasher,
    private readonly cipher: FieldCipher | undefined,
    private readonly encryptNewData: boolean,
  ) {
    if (encryptNewData && !cipher) throw new Error('encryption is enabled but no encryption key is configured');
  }

  protect(input: { tipo_documento: string; nro_documento: string; email: string }, ownerId: string): ProtectedIdentity {
    const email = input.email.trim().toLowerCase();
    const identity: ProtectedIdentity = {
      nro_documento_hash: this.hasher.document(input.tipo_documento, input.nro_documento),
      email_hash: this.hasher.email(email),
      email: this.sealer ? this.sealer.encrypt('email', email, ownerId) : email,
      dominio_email: email.slice(email.lastIndexOf('@') + 1),
    };
    if (this.sealer) identity.nro_documento_cifrado = this.sealer.encrypt('nro_documento', input.nro_documento, ownerId);
    return identity;
  }

  private get sealer(): FieldCipher | undefined {
    return this.encryptNewData ? this.cipher : undefined;
  }

  /** For the owner's or an admin's read only. */
  revealEmail(stored: string, ownerId: string): string {
    if (!isSealed(stored)) return stored;
    return this.requireCipher().decrypt('email', stored, ownerId);
  }

  /**
   * The fields to write so that every sealed value is sealed as new ones are (the active key,
   * bound to its owner), or undefined when they already are. Values stored in clear stay so:
   * rotating keys is not turning encryption on.
   */
  reseal(stored: StoredPersonalFields, ownerId: string): Partial<StoredPersonalFields> | undefined {
    const changes: Partial<StoredPersonalFields> = {};
    for (const field of ['email', 'nro_documento_cifrado'] as const) {
      const value = stored[field];
      if (value === undefined || !isSealed(value)) continue;
      const cipher = this.requireCipher();
      const aadField = field === 'email' ? 'email' : 'nro_documento';
      const opened = cipher.open(aadField, value, ownerId);
      if (!opened.current) changes[field] = cipher.encrypt(aadField, opened.plaintext, ownerId);
    }
    return Object.keys(changes).length > 0 ? changes : undefined;
  }

  private requireCipher(): FieldCipher {
    // Never hand out ciphertext: without the key this is a configuration error.
    if (!this.cipher) throw new Error('stored data is encrypted but ENCRYPTION_KEYS is not configured');
    return this.cipher;
  }
}
