import { datetimeField } from './datetimePart.js';

export const dayofmonth = datetimeField(['dayofmonth'], (f) => f.day);
