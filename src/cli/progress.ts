import { safeForTerminal, truncate } from '../util/escape.js';
import { stderrLog } from './common.js';

/** One status line that rewrites itself while long work goes on, then disappears. */
export interface Progress {
  update(text: string): void;
  /** Clears the line. */
  done(): void;
}

const NONE: Progress = { update: () => {}, done: () => {} };

/**
 * Progress on `stream` only when it is a terminal: piped or redirected output (CI logs, `2>file`,
 * scripts reading stderr) never sees carriage returns or erase sequences.
 */
export function progressOn(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return NONE;
  let shown = false;
  return {
    update(text) {
      const width = Math.max(20, (stream.columns || 80) - 1);
      stream.write(`\r\u001b[2K${truncate(safeForTerminal(text), width)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}

/** A warning on stderr that does not land inside a progress line: the line is cleared first and redrawn by the next update. */
export function warnBeside(progress: Progress): (message: string) => void {
  return (message) => {
    progress.done();
    stderrLog.warn(message);
  };
}
