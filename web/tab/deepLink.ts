/**
 * A link to one finding: the page's fragment `#hunt=<id>&finding=<id>`, or the same text as the subEntityId
 * of a Teams deep link to the static tab (both encodeURIComponent'ed by whoever built the link).
 */
export interface FindingTarget {
  huntId: string;
  findingId: string;
}

export function parseFindingTarget(text: string | undefined): FindingTarget | undefined {
  if (!text) return undefined;
  const params = new URLSearchParams(text.replace(/^#/, ''));
  const huntId = params.get('hunt');
  const findingId = params.get('finding');
  return huntId && findingId ? { huntId, findingId } : undefined;
}
