import { constantScalar } from '../../compile/types.js';
import type { ScalarFunction } from '../types.js';

/**
 * ingestion_time(): always null locally. Local telemetry files carry no ingestion time, and Kusto
 * itself returns null for a table without an IngestionTime policy, so a hunt filtering on it
 * (`where ingestion_time() > ago(1d)`) keeps no rows here. In Log Analytics it is the time the
 * record became queryable.
 */
export const ingestionTime: ScalarFunction = {
  names: ['ingestion_time'],
  compile: () => constantScalar('datetime', null),
};
