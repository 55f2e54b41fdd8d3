import type { AccessTokenRepository, TokenOwner } from './access-token.repository';

/** The access_tokens collection's contract over a Map (its `_id` is unique). */
export class InMemoryAccessTokenRepository implements Pick<AccessTokenRepository, 'register' | 'forget' | 'ownerOf'> {
  readonly owners = new Map<string, string>();

  asRepository(): AccessTokenRepository {
    return this as unknown as AccessTokenRepository;
  }

  async register(owner: TokenOwner): Promise<boolean> {
    if (this.owners.has(owner.tokenHash)) return false;
    this.owners.set(owner.tokenHash, owner.usuarioId);
    return true;
  }

  async forget(tokenHash: string): Promise<void> {
    this.owners.delete(tokenHash);
  }

  async ownerOf(tokenHash: string): Promise<string | null> {
    return this.owners.get(tokenHash) ?? null;
  }
}
