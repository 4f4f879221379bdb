/** A hunt's health: its last run, its last success, and notices it still owes or gave up on. */
import { el, plural, timeElement } from './dom.js';
import type { HuntHealth, PerChannel, Run } from './types.js';

export function renderHealth(h: HuntHealth): HTMLElement {
  const box = el('div', { className: 'health' });
  if (h.lastRun) box.append(...runLines(h, h.lastRun));
  else box.append(el('p', { className: 'health-line warn', text: `Not run yet (schedule ${h.schedule})` }));
  const owed = total(h.owed);
  if (owed) box.append(el('p', { className: 'health-line warn owed', text: `${plural(owed, 'notice')} owed (${perChannel(h.owed)}): the next run sends them` }));
  const dead = total(h.deadLettered);
  if (dead) {
    box.append(
      el('p', {
        className: 'health-line bad dead',
        text: `${plural(dead, 'notice')} failed for good (${perChannel(h.deadLettered)}): hunts redeliver --state function --failed sends them again`,
      }),
    );
  }
  return box;
}

/** The last run: when, how it went (counts, or its error), and the last success. */
function runLines(h: HuntHealth, run: Run): HTMLElement[] {
  const outcome =
    run.status === 'succeeded'
      ? `succeeded: ${plural(run.rows, 'row')}, ${plural(run.findings, 'finding')}, ${run.newFindings.toLocaleString()} new, ${run.excluded.toLocaleString()} excluded`
      : run.status === 'skipped'
        ? 'skipped'
        : 'failed';
  return [
    el(
      'p',
      { className: `health-line run-${run.status}` },
      'Last run ',
      timeElement(run.startedAt),
      ` ${outcome}`,
      ...(run.status === 'failed' && run.error ? [': ', el('span', { className: 'run-error', text: run.error })] : []),
    ),
    el('p', { className: `health-line${h.lastSuccess ? '' : ' warn'}` }, 'Last success ', h.lastSuccess ? timeElement(h.lastSuccess) : 'never', ` · schedule ${h.schedule}`),
    ...(run.deliveryIncomplete ? [el('p', { className: 'health-line warn', text: "The last run's deadline came with notices still owed" })] : []),
  ];
}

function total(c: PerChannel): number {
  return (c.teams ?? 0) + (c.webhook ?? 0);
}

function perChannel(c: PerChannel): string {
  return [c.teams ? `Teams ${c.teams}` : '', c.webhook ? `webhook ${c.webhook}` : ''].filter(Boolean).join(', ');
}
