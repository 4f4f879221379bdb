import { mathFunction } from '../helpers.js';

export const sign = mathFunction(['sign'], (x) => Math.sign(x) || 0);
