/**
 * Resolves a fan's access token to their user id. The users service implements it
 * against its own store; other services ask the users service over RPC.
 */
export interface FanTokenVerifier {
  verify(token: string): Promise<string | undefined>;
}

export const FAN_TOKEN_VERIFIER = Symbol('FAN_TOKEN_VERIFIER');
