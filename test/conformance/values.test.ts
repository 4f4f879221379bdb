/** Conformance cases of the datetime, dynamic, conversion and math areas (see conformance.test.ts). */
import { registerConformance } from './register.js';

registerConformance('values');
