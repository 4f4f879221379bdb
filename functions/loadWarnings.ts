import type { InvocationContext, Timer, TimerFunctionOptions } from '@azure/functions';

/**
 * A warning about the hunts folder (no exclusions.yaml) logged at start-up only would be read by no
 * one: each run logs it again, at warning level, beside that run's own lines.
 */
export function warnEachRun(options: TimerFunctionOptions, warnings: readonly string[]): TimerFunctionOptions {
  if (!warnings.length) return options;
  const handler = options.handler;
  return {
    ...options,
    handler: (timer: Timer, context: InvocationContext) => {
      for (const w of warnings) context.warn(w);
      return handler(timer, context);
    },
  };
}
