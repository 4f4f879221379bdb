/**
 * The conformance suite: the examples of Microsoft's KQL reference kept under cases/*.yaml, one test
 * each (see README.md). This file runs the tabular areas (and any area not assigned elsewhere);
 * strings.test.ts and values.test.ts run the others, so that no test file runs long.
 */
import { registerConformance } from './register.js';

registerConformance('tabular');
