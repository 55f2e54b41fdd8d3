import { DomainError } from '@eventflow/errors';
import { Principal } from './principal';

/** Fans may touch only their own resources; admins may touch anyone's. */
export function assertFanOrAdmin(principal: Principal, userId: string): void {
  if (principal.kind === 'staff' && principal.role === 'admin') return;
  if (principal.kind === 'fan' && principal.userId === userId) return;
  throw new DomainError('AUTH.NOT_OWNER', "These credentials may not access another fan's resources", 'forbidden');
}
