import { isoWeekOfYear } from '../../values/datetime.js';
import { datetimeField } from './datetimePart.js';

// weekofyear() once counted weeks from the year's first Wednesday; it is now a deprecated alias of the ISO 8601 week_of_year().
export const weekOfYear = datetimeField(['week_of_year', 'weekofyear'], (_f, ticks) => isoWeekOfYear(ticks));
