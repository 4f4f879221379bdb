import { datetimeField } from './datetimePart.js';

export const hourofday = datetimeField(['hourofday'], (f) => f.hour);
