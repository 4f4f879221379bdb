type Latin1Slice = (this: Buffer, start: number, end: number) => string;

const nodeSlice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;

/**
 * Bytes [start, end) of a buffer as a one-byte string. Node's latin1Slice, which toString('latin1')
 * ends in, is undocumented but about 40 % cheaper per call without toString's argument handling, and
 * a load makes millions of these calls; toString stands in should a Node release drop it.
 */
export const latin1: (bytes: Buffer, start: number, end: number) => string =
  typeof nodeSlice === 'function' ? (bytes, start, end) => nodeSlice.call(bytes, start, end) : (bytes, start, end) => bytes.toString('latin1', start, end);
