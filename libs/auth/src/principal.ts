export type StaffRole = 'organizer' | 'analyst' | 'admin';

/** Who is calling: a staff member holding an API key, or a fan holding their access token. */
export type Principal = { kind: 'staff'; role: StaffRole; keyId: string } | { kind: 'fan'; userId: string };

/** What a route may declare as its audience. `public` skips authentication entirely. */
export type Audience = StaffRole | 'fan' | 'public';

export function describePrincipal(principal: Principal): string {
  return principal.kind === 'staff' ? `${principal.role}:${principal.keyId}` : `fan:${principal.userId}`;
}
