/**
 * Who the token says the user is, for display only: the API verifies the token itself on every call, so
 * nothing here is trusted for access.
 */
export interface TokenUser {
  name?: string;
  canTriage: boolean;
}

export function tokenUser(token: string): TokenUser | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const name = [claims.name, claims.preferred_username, claims.upn].find((v): v is string => typeof v === 'string' && v !== '');
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    return { name, canTriage: roles.includes('Hunts.Triage') };
  } catch {
    return undefined;
  }
}
