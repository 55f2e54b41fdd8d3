import { Injectable } from '@nestjs/common';
import { ProfileCache } from '../profile/profile.cache';
import { UserRepository } from '../users/user.repository';
import { UserWriteLock } from '../users/user-write.lock';
import { CipherError } from '../privacy/field-cipher';
import { PersonalDataProtector, StoredPersonalFields } from '../privacy/personal-data.protector';

export interface ResealSummary {
  /** Users read. */
  examined: number;
  /** Users whose sealed fields were written again. */
  resealed: number;
  /** Users with a value no configured key opens (tampered, or its key is gone): old keys must stay. */
  unreadable: string[];
}

/**
 * Re-seals every user's sealed fields with the active (first) key of ENCRYPTION_KEYS, bound to
 * the user's id, so that every older key can then be removed. Idempotent: a value already sealed
 * that way is left alone, so a pass that stopped half-way is simply run again. Each write takes
 * the user's write lock (FerretDB would otherwise lose a purchase recorded at the same moment)
 * and re-reads the fields under it; the cached profile is dropped, since it holds the old value.
 */
@Injectable()
export class ResealPersonalDataUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly privacy: PersonalDataProtector,
    private readonly writes: UserWriteLock,
    private readonly cache: ProfileCache,
  ) {}

  async execute(): Promise<ResealSummary> {
    const summary: ResealSummary = { examined: 0, resealed: 0, unreadable: [] };
    for await (const seen of this.users.sealedFields()) {
      summary.examined++;
      try {
        if (await this.resealOne(seen.usuarioId, seen)) summary.resealed++;
      } catch (error) {
        if (!(error instanceof CipherError)) throw error;
        summary.unreadable.push(seen.usuarioId);
      }
    }
    return summary;
  }

  private async resealOne(userId: string, seen: StoredPersonalFields): Promise<boolean> {
    if (!this.privacy.reseal(seen, userId)) return false;
    const written = await this.writes.run(userId, async () => {
      const current = await this.users.findSealedFields(userId);
      const changes = current && this.privacy.reseal(current, userId);
      if (!changes) return false;
      await this.users.replaceSealedFields(userId, changes);
      return true;
    });
    if (written) await this.cache.invalidate(userId);
    return written;
  }
}
