import { columnIfExists } from '../scalar/columnIfExists.js';
import { gettype } from '../scalar/gettype.js';
import { ingestionTime } from '../scalar/ingestionTime.js';
import type { ScalarFunction } from '../types.js';

/** Metadata and type functions (column_ifexists, ingestion_time, gettype). */
export const METADATA_FUNCTIONS: ScalarFunction[] = [columnIfExists, gettype, ingestionTime];
