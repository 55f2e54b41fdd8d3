/**
 * The cache now lives in libs/auth, where every service's access guard uses it (events resolves
 * fan tokens too, to answer a fan on a staff route with 403). Kept so fan-auth.module's import
 * still resolves; import from @eventflow/auth instead.
 */
export { CachingFanTokenVerifier } from '@eventflow/auth';
export type { AuthenticateFan } from '@eventflow/auth';
