import { datetimeField } from './datetimePart.js';

export const getmonth = datetimeField(['getmonth', 'monthofyear'], (f) => f.month);
