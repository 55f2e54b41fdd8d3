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

/**
 * Decides how each personal field is stored: the privacy model in one place.
 * See the privacy table in README.md.
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

  protect(input: { tipo_documento: string; nro_documento: string; email: string }): ProtectedIdentity {
    const email = input.email.trim().toLowerCase();
    const identity: ProtectedIdentity = {
      nro_documento_hash: this.hasher.document(input.tipo_documento, input.nro_documento),
      email_hash: this.hasher.email(email),
      email: this.sealer ? this.sealer.encrypt('email', email) : email,
      dominio_email: email.slice(email.lastIndexOf('@') + 1),
    };
    if (this.sealer) identity.nro_documento_cifrado = this.sealer.encrypt('nro_documento', input.nro_documento);
    return identity;
  }

  private get sealer(): FieldCipher | undefined {
    return this.encryptNewData ? this.cipher : undefined;
  }

  /** For the owner's or an admin's read only. */
  revealEmail(stored: string): string {
    if (!stored.startsWith('v1.')) return stored;
    // Never hand out ciphertext: without the key this is a configuration error.
    if (!this.cipher) throw new Error('stored data is encrypted but ENCRYPTION_KEYS is not configured');
    return this.cipher.decrypt('email', stored);
  }
}
