import { mathFunction } from '../helpers.js';

export const ceiling = mathFunction(['ceiling'], (x) => Math.ceil(x) || 0);
