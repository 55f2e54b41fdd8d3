import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { errorMessage } from '@eventflow/redis';
import { UserRepository } from '../users/user.repository';
import { AccessTokenRepository, TokenOwner } from './access-token.repository';

const RETRY_MS = 5_000;

/**
 * Gives every user registered before the access_tokens collection existed (or by an instance of
 * an older version) their row there, on every start-up, in the background: two reads of ids and
 * hashes, then inserts of what is missing (idempotent, so instances starting together do not
 * collide). Until it has completed once, the resolver checks a miss against the users collection.
 */
@Injectable()
export class AccessTokenBackfill implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccessTokenBackfill.name);
  private completed = false;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: AccessTokenRepository,
  ) {}

  get isComplete(): boolean {
    return this.completed;
  }

  onApplicationBootstrap(): void {
    void this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  /** Records the missing rows; answers how many there were. */
  async run(): Promise<number> {
    const known = await this.tokens.knownHashes();
    const missing: TokenOwner[] = [];
    for await (const owner of this.users.tokenOwners()) if (!known.has(owner.tokenHash)) missing.push(owner);
    await this.tokens.registerAll(missing);
    this.completed = true;
    return missing.length;
  }

  private async attempt(): Promise<void> {
    try {
      const added = await this.run();
      if (added > 0) this.logger.log({ added }, 'access tokens of earlier users are now resolvable by _id');
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: errorMessage(error) }, 'could not backfill access tokens yet; retrying');
      this.retry = setTimeout(() => void this.attempt(), RETRY_MS);
    }
  }
}
