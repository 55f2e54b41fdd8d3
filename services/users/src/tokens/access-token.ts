import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, shown to the fan once; only its hash is stored. */
export function issueAccessToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashAccessToken(token) };
}

/**
 * SHA-256 is enough here (unlike for documents): the token has 256 bits of entropy,
 * so its hash cannot be brute-forced, and a fast hash keeps authentication cheap.
 */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
