import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher';
import { KeyedHasher } from './keyed-hasher';
import { PersonalDataProtector } from './personal-data.protector';

/** The real privacy model with throwaway keys (it is pure code: no fake needed). */
export function aProtector(options: { encrypt?: boolean } = {}): PersonalDataProtector {
  const cipher = new FieldCipher(`k1:${randomBytes(32).toString('base64')}`);
  return new PersonalDataProtector(new KeyedHasher(randomBytes(32).toString('base64')), cipher, options.encrypt ?? false);
}
