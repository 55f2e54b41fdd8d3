import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@eventflow/database';
import { AccessToken } from './access-token.schema';

/** A token hash and the fan it belongs to. */
export interface TokenOwner {
  tokenHash: string;
  usuarioId: string;
}

const BATCH = 500;

@Injectable()
export class AccessTokenRepository {
  constructor(@InjectModel(AccessToken.name) private readonly tokens: Model<AccessToken>) {}

  /** Records a new token; false when that hash is taken (never, for 256 random bits). */
  async register(owner: TokenOwner): Promise<boolean> {
    try {
      await this.tokens.create({ _id: owner.tokenHash, usuario_id: owner.usuarioId });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async forget(tokenHash: string): Promise<void> {
    await this.tokens.deleteOne({ _id: tokenHash }).exec();
  }

  /** One look-up by `_id`. */
  async ownerOf(tokenHash: string): Promise<string | null> {
    const found = await this.tokens.findById(tokenHash, { usuario_id: 1 }).lean<{ usuario_id: string }>().exec();
    return found?.usuario_id ?? null;
  }

  /** Every recorded hash, streamed (for the backfill: it reads ids only). */
  async knownHashes(): Promise<Set<string>> {
    const known = new Set<string>();
    for await (const row of this.tokens.find({}, { _id: 1 }).lean<Array<{ _id: string }>>().batchSize(5_000).cursor()) known.add(row._id);
    return known;
  }

  /** Records tokens that may already be there (a backfill run by two instances at once), in batches. */
  async registerAll(owners: TokenOwner[]): Promise<void> {
    for (let start = 0; start < owners.length; start += BATCH) {
      const batch = owners.slice(start, start + BATCH).map((owner) => ({ _id: owner.tokenHash, usuario_id: owner.usuarioId }));
      try {
        await this.tokens.insertMany(batch, { ordered: false });
      } catch (error) {
        if (!onlyDuplicates(error)) throw error;
      }
    }
  }
}

function onlyDuplicates(error: unknown): boolean {
  if (isDuplicateKeyError(error)) return true;
  const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
  return Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000);
}
