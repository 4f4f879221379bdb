import { arrayConcat } from '../scalar/arrayConcat.js';
import { arrayIff } from '../scalar/arrayIff.js';
import { arrayIndexOf } from '../scalar/arrayIndexOf.js';
import { arrayLength } from '../scalar/arrayLength.js';
import { arrayReverse } from '../scalar/arrayReverse.js';
import { arrayRotateLeft, arrayRotateRight } from '../scalar/arrayRotate.js';
import { arrayShiftLeft, arrayShiftRight } from '../scalar/arrayShift.js';
import { arraySlice } from '../scalar/arraySlice.js';
import { arraySortAsc, arraySortDesc } from '../scalar/arraySort.js';
import { arraySplit } from '../scalar/arraySplit.js';
import { arraySum } from '../scalar/arraySum.js';
import { bagHasKey, bagKeys, bagMerge, bagRemoveKeys } from '../scalar/bagFunctions.js';
import { bagPack } from '../scalar/bagPack.js';
import { bagPackColumns } from '../scalar/bagPackColumns.js';
import { bagSetKey } from '../scalar/bagSetKey.js';
import { bagZip } from '../scalar/bagZip.js';
import { dynamicToJson } from '../scalar/dynamicToJson.js';
import { packArray } from '../scalar/packArray.js';
import { parseJson } from '../scalar/parseJson.js';
import { rangeFunction } from '../scalar/range.js';
import { jaccardIndex, setDifference, setHasElement, setIntersect, setUnion } from '../scalar/setFunctions.js';
import { zip } from '../scalar/zip.js';
import type { ScalarFunction } from '../types.js';

/** Dynamic (JSON), array, property-bag and set functions. */
export const DYNAMIC_FUNCTIONS: ScalarFunction[] = [
  parseJson,
  arrayConcat, arrayIff, arrayIndexOf, arrayLength, arrayReverse, arrayRotateLeft, arrayRotateRight,
  arrayShiftLeft, arrayShiftRight, arraySlice, arraySortAsc, arraySortDesc, arraySplit, arraySum,
  bagHasKey, bagKeys, bagMerge, bagPack, bagRemoveKeys, jaccardIndex, packArray,
  setDifference, setHasElement, setIntersect, setUnion, zip,
  bagPackColumns, bagSetKey, bagZip, dynamicToJson, rangeFunction,
];
