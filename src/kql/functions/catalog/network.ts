import type { ScalarFunction } from '../types.js';

/** IPv4/IPv6 functions. */
export const NETWORK_FUNCTIONS: ScalarFunction[] = [];
