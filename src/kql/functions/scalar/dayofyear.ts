import { datetimeField } from './datetimePart.js';

export const dayofyear = datetimeField(['dayofyear'], (f) => f.dayOfYear);
