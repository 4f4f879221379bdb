import { errorAt, KqlError, UNSUPPORTED } from '../../errors.js';
import type { KNode } from '../../kusto.js';
import type { Compiler } from '../compiler.js';

/** externaldata reads URLs at query time: a local run has no business fetching them. */
export function externaldata(cx: Compiler, node: KNode): KqlError {
  return errorAt(
    cx.text,
    cx.position(node),
    UNSUPPORTED,
    'externaldata reads data from outside the workspace: cannot run locally; run this hunt with --source loganalytics, ' +
      'or put the data in a local table (a <Table>.ndjson file) or a datatable and query that instead',
  );
}
