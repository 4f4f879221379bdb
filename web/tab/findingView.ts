/** One finding: what it is, when it was seen, its key, its evidence, where to look next, and its triage. */
import { el, plural, safeHttpsUrl, timeElement, valueText } from './dom.js';
import type { Finding, TriageAction } from './types.js';

export const REASON_MAX = 500;

export interface TriageHandler {
  /** Resolves once the API answered; rejects with a message for the analyst. */
  (finding: Finding, action: TriageAction, reason?: string): Promise<void>;
}

const STATE_LABEL: Record<string, string> = { open: 'Open', acknowledged: 'Acknowledged', 'false-positive': 'False positive' };

export function renderFinding(finding: Finding, options: { canTriage: boolean; onTriage: TriageHandler }): HTMLElement {
  const article = el('article', { className: `finding severity-${cssToken(finding.severity)} state-${cssToken(finding.state)}` });
  article.dataset.huntId = finding.huntId;
  article.dataset.findingId = finding.id;
  article.dataset.state = finding.state;
  article.tabIndex = -1;

  const parts = [
    el(
      'header',
      { className: 'finding-head' },
      el('span', { className: 'badge severity', text: finding.severity }),
      el('span', { className: 'badge state', text: STATE_LABEL[finding.state] ?? finding.state }),
      el('h3', { className: 'finding-title', text: finding.title }),
    ),
    seenLine(finding),
    keyList(finding.key),
    triageNote(finding),
    actionLinks(finding),
    evidence(finding.row),
    triageControls(finding, options),
  ];
  article.append(...parts.filter((p): p is HTMLElement => p !== undefined));
  return article;
}

function seenLine(f: Finding): HTMLElement {
  return el(
    'p',
    { className: 'seen' },
    ...(f.eventTime ? ['Event ', timeElement(f.eventTime), ' · '] : []),
    'first seen ',
    timeElement(f.firstSeen),
    ' · last seen ',
    timeElement(f.lastSeen),
    ` · ${plural(f.timesSeen, 'time')} seen`,
  );
}

function keyList(key: Record<string, unknown>): HTMLElement {
  const list = el('dl', { className: 'key' });
  for (const [name, value] of Object.entries(key)) list.append(el('div', {}, el('dt', { text: name }), el('dd', { text: valueText(value) })));
  return list;
}

function triageNote(f: Finding): HTMLElement | undefined {
  if (f.state === 'open' || !f.triage.by) return undefined;
  return el(
    'p',
    { className: 'triage-note' },
    `${STATE_LABEL[f.state] ?? f.state} by ${f.triage.by}`,
    ...(f.triage.at ? [' on ', timeElement(f.triage.at)] : []),
    ...(f.triage.reason ? [': ', el('q', { text: f.triage.reason })] : []),
  );
}

function actionLinks(f: Finding): HTMLElement | undefined {
  // The tab's own link leads back here; the others open the device, the file or the query.
  const links = f.actions.filter((a) => a.kind !== 'tab').flatMap((a) => {
    const href = safeHttpsUrl(a.url);
    if (!href) return [];
    const link = el('a', { className: `action action-${cssToken(a.kind)}`, text: a.title });
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    return [link];
  });
  return links.length ? el('nav', { className: 'actions', attrs: { 'aria-label': 'Open in' } }, ...links) : undefined;
}

function evidence(row: Record<string, unknown>): HTMLElement | undefined {
  const entries = Object.entries(row);
  if (!entries.length) return undefined;
  const table = el('table', { className: 'row' });
  for (const [name, value] of entries) table.append(el('tr', {}, el('th', { text: name, attrs: { scope: 'row' } }), el('td', { text: valueText(value) })));
  return el('details', { className: 'evidence' }, el('summary', { text: `Evidence (${plural(entries.length, 'column')})` }), table);
}

function triageControls(f: Finding, options: { canTriage: boolean; onTriage: TriageHandler }): HTMLElement {
  const box = el('div', { className: 'triage' });
  const error = el('p', { className: 'triage-error', attrs: { role: 'alert' } });
  const buttons: HTMLButtonElement[] = [];
  const busy = (on: boolean) => {
    for (const b of buttons) b.disabled = on || !options.canTriage;
    box.classList.toggle('busy', on);
  };
  const run = async (action: TriageAction, reason?: string) => {
    error.textContent = '';
    busy(true);
    try {
      await options.onTriage(f, action, reason);
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      busy(false);
    }
  };
  const button = (label: string, action: () => void) => {
    const b = el('button', { text: label, attrs: { type: 'button' } });
    b.disabled = !options.canTriage;
    if (!options.canTriage) b.title = 'Triage needs the Hunts.Triage app role';
    b.addEventListener('click', action);
    buttons.push(b);
    return b;
  };

  const form = falsePositiveForm((reason) => run('false-positive', reason), () => (form.hidden = true));
  form.hidden = true;
  if (f.state === 'open') box.append(button('Acknowledge', () => void run('acknowledged')));
  if (f.state !== 'false-positive') {
    box.append(
      button('False positive…', () => {
        form.hidden = false;
        form.querySelector('textarea')?.focus();
      }),
    );
  }
  if (f.state !== 'open') box.append(button('Reopen', () => void run('reopen')));
  box.append(form, error);
  return box;
}

/** Teams blocks window.prompt in tabs, so the reason is asked for in place. */
function falsePositiveForm(submit: (reason: string) => Promise<void>, cancel: () => void): HTMLFormElement {
  const reason = el('textarea', { attrs: { name: 'reason', rows: '2', required: '', maxlength: String(REASON_MAX) } });
  const form = el(
    'form',
    { className: 'fp-form' },
    el('label', {}, 'Why is this a false positive? Later runs will drop this finding.', reason),
    el('div', { className: 'fp-buttons' }, el('button', { text: 'Mark false positive', attrs: { type: 'submit' } }), el('button', { text: 'Cancel', attrs: { type: 'button', class: 'cancel' } })),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (!text) return;
    void submit(text);
  });
  form.querySelector('.cancel')?.addEventListener('click', cancel);
  return form;
}

function cssToken(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}
