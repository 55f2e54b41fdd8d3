import { randomBytes } from 'node:crypto';
import { hashAccessToken } from '@eventflow/contracts';

/** 256 random bits, shown to the fan once; only its hash is stored. */
export function issueAccessToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashAccessToken(token) };
}
