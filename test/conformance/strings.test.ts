/** Conformance cases of the string, hashing, network and logic areas (see conformance.test.ts). */
import { registerConformance } from './register.js';

registerConformance('strings');
