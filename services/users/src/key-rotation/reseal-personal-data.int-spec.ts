import { createCipheriv, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { aFan } from '@eventflow/testing';
import { encryptionKey, UsersInstance, useUsersStores } from '../../test/real-users';
import { FieldCipher } from '../privacy/field-cipher';
import type { RegisterFanDto } from '../registration/register-fan.dto';
import { ResealPersonalDataUseCase } from './reseal-personal-data.use-case';

/** A value as sealed before values were bound to their owner: the field alone as associated data. */
function sealedWithFieldOnly(keyEntry: string, field: string, plaintext: string): string {
  const [kid, key] = keyEntry.split(':');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  cipher.setAAD(Buffer.from(field));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', kid, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
}

const resealer = (instance: UsersInstance) =>
  new ResealPersonalDataUseCase(instance.users, instance.privacy, instance.writes, instance.cache);

/**
 * The review's L7: without a re-encryption pass an old key could never be retired. After the
 * pass under `k2:new,k1:old`, `k1` is removed and every profile still reads.
 */
describe('L7: re-sealing personal data so an old key can go', () => {
  const stores = useUsersStores();
  const hashKey = randomBytes(32).toString('base64');
  const k1 = encryptionKey('k1');
  const k2 = encryptionKey('k2');
  const dbName = 'key_rotation';

  it('re-seals every value with the new key, bound to its owner, after which the old key can be removed', async () => {
    const before = await stores.instance({ dbName, hashKey, encryptionKeys: k1 });
    const plainInstance = await stores.instance({ dbName, hashKey });
    const fans = new Map<string, string>();
    for (let i = 0; i < 5; i++) {
      const body = aFan() as unknown as RegisterFanDto;
      fans.set((await before.register.execute(body)).usuario_id, body.email);
    }
    const plain = aFan() as unknown as RegisterFanDto;
    fans.set((await plainInstance.register.execute(plain)).usuario_id, plain.email);
    // A fan sealed before the owner was bound (field-only associated data).
    const legacyId = new Types.ObjectId();
    await before.connection.db!.collection('users').insertOne({
      _id: legacyId,
      nombre: 'Old',
      apellido: 'Timer',
      email: sealedWithFieldOnly(k1, 'email', 'old@example.com'),
      email_hash: 'e-old',
      dominio_email: 'example.com',
      tipo_documento: 'DNI',
      nro_documento_hash: 'd-old',
      nro_documento_cifrado: sealedWithFieldOnly(k1, 'nro_documento', '11223344'),
      access_token_hash: 't-old',
      fecha_registro: new Date('2020-01-01T00:00:00Z'),
      historial_compras: {},
    });
    fans.set(legacyId.toHexString(), 'old@example.com');
    // A profile cached before the pass holds the old value: it must not outlive it.
    const [cachedFan] = fans.keys();
    expect((await before.profiles.execute(cachedFan)).source).toBe('database');

    const onlyNewKey = await stores.instance({ dbName, hashKey, encryptionKeys: k2 });
    // Without the pass, dropping k1 loses the data.
    await expect(onlyNewKey.profiles.execute(cachedFan)).rejects.toThrow(/unknown encryption key id "k1"/);

    const rotating = await stores.instance({ dbName, hashKey, encryptionKeys: `${k2},${k1}` });
    expect(await resealer(rotating).execute()).toEqual({ examined: 7, resealed: 6, unreadable: [] });
    // Idempotent: a second pass (one that stopped half-way, run again) has nothing left to do.
    expect(await resealer(rotating).execute()).toEqual({ examined: 7, resealed: 0, unreadable: [] });

    const newCipher = new FieldCipher(k2);
    for (const [usuarioId, email] of fans) {
      const read = await onlyNewKey.profiles.execute(usuarioId);
      expect(read.profile.email).toBe(email.trim().toLowerCase());
      const stored = await onlyNewKey.users.findSealedFields(usuarioId);
      if (usuarioId === [...fans.keys()][5]) {
        expect(stored?.email).toBe(plain.email.trim().toLowerCase()); // stored in clear, and left so
        continue;
      }
      expect(stored?.email).toMatch(/^v1\.k2\./);
      expect(stored?.nro_documento_cifrado).toMatch(/^v1\.k2\./);
      expect(newCipher.open('email', stored!.email, usuarioId).current).toBe(true);
      expect(newCipher.open('nro_documento', stored!.nro_documento_cifrado!, usuarioId).current).toBe(true);
    }
    expect(
      newCipher.decrypt(
        'nro_documento',
        (await onlyNewKey.users.findSealedFields(legacyId.toHexString()))!.nro_documento_cifrado!,
        legacyId.toHexString(),
      ),
    ).toBe('11223344');
  });

  it('reports values no configured key opens, and leaves them as they are', async () => {
    const lost = await stores.instance({ dbName: 'key_rotation_lost', hashKey, encryptionKeys: encryptionKey('k0') });
    const { usuario_id } = await lost.register.execute(aFan() as unknown as RegisterFanDto);
    const sealedBefore = await lost.users.findSealedFields(usuario_id);
    const rotating = await stores.instance({ dbName: 'key_rotation_lost', hashKey, encryptionKeys: `${k2},${encryptionKey('k0')}` });
    expect(await resealer(rotating).execute()).toEqual({ examined: 1, resealed: 0, unreadable: [usuario_id] });
    expect(await rotating.users.findSealedFields(usuario_id)).toEqual(sealedBefore);
  });
});
