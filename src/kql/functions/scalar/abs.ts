import { mathFunction } from '../helpers.js';

export const abs = mathFunction(['abs'], Math.abs);
