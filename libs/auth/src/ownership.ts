import { DomainError } from '@eventflow/errors';
import { Principal } from './principal';

export function isAdmin(principal: Principal): boolean {
  return principal.kind === 'staff' && principal.role === 'admin';
}

/** Fans may touch only their own resources; admins may touch anyone's. */
export function assertFanOrAdmin(principal: Principal, userId: string): void {
  if (isAdmin(principal)) return;
  if (principal.kind === 'fan' && principal.userId === userId) return;
  throw new DomainError('AUTH.NOT_OWNER', "These credentials may not access another fan's resources", 'forbidden');
}
