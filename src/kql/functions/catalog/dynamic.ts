import { parseJson } from '../scalar/parseJson.js';
import type { ScalarFunction } from '../types.js';

/** Dynamic (JSON), array, property-bag and set functions. */
export const DYNAMIC_FUNCTIONS: ScalarFunction[] = [parseJson];
