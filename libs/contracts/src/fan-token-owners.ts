import { createHash } from 'node:crypto';

/**
 * The users service's published read model of fan tokens, in the Redis the services share:
 * under `fanTokenOwnerKey(hashAccessToken(token))` it puts the fan's usuario_id at registration
 * (and again on every resolution, for a day), or UNKNOWN_FAN_TOKEN for a few seconds when nobody
 * holds the token. Tokens never change owner, so another service may resolve a token here with
 * one GET before it asks `users.authenticate`; only the users service writes these keys.
 */
export const fanTokenOwnerKey = (tokenHash: string): string => `eventflow:users:token:${tokenHash}`;

/** Stored for a token nobody holds; never a user id (those are 24 hex digits). */
export const UNKNOWN_FAN_TOKEN = '-';

/**
 * SHA-256 is enough here (unlike for documents): the token has 256 bits of entropy,
 * so its hash cannot be brute-forced, and a fast hash keeps authentication cheap.
 */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
