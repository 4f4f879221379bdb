import { datetimeField } from './datetimePart.js';

export const getyear = datetimeField(['getyear'], (f) => f.year);
