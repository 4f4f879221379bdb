import { applyExclusions, type ExclusionOutcome } from '../findings/exclusions.js';
import type { Finding } from '../findings/finding.js';
import { toFindings } from '../findings/toFindings.js';
import type { Hunt } from '../hunts/hunt.js';
import type { QueryResult, QuerySource, QueryWindow } from '../sources/querySource.js';

export interface HuntFindings {
  result: QueryResult;
  outcome: ExclusionOutcome;
  findings: Finding[];
}

/**
 * Query, exclusions, findings: what a hunt finds in one window, before any store or notice.
 * Every run takes this path, and so does `hunts test`, so a test case exercises what production does.
 */
export async function huntFindings(hunt: Hunt, source: QuerySource, window: QueryWindow, withExclusions: boolean): Promise<HuntFindings> {
  const result = await source.query(hunt.query, window);
  const outcome = applyExclusions(result.rows, result.columns, withExclusions ? hunt.exclusions : []);
  return { result, outcome, findings: toFindings(hunt, result, outcome.kept) };
}
