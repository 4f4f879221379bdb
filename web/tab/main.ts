/**
 * The findings tab: findings grouped by hunt with each hunt's health, filters, paging, triage, and a deep
 * link (`#hunt=…&finding=…` or a Teams subEntityId) that scrolls to one finding.
 */
import { ApiError, apiClient, type Api } from './api.js';
import { parseFindingTarget, type FindingTarget } from './deepLink.js';
import { el, shown } from './dom.js';
import { renderFinding } from './findingView.js';
import { renderHealth } from './healthView.js';
import { connectHost, SIGN_IN_URL, SignInRequired, type Host, type Theme } from './host.js';
import { tokenUser } from './tokenUser.js';
import type { Finding, HuntHealth, TriageState } from './types.js';

const PAGE_SIZE = 50;

interface Filters {
  hunt?: string;
  state?: TriageState;
}

interface HuntSection {
  section: HTMLElement;
  list: HTMLElement;
  empty: HTMLElement;
}

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

const ui = {
  hunts: byId<HTMLElement>('hunts'),
  status: byId<HTMLElement>('status'),
  user: byId<HTMLElement>('user'),
  filters: byId<HTMLFormElement>('filters'),
  huntFilter: byId<HTMLSelectElement>('hunt-filter'),
  stateFilter: byId<HTMLSelectElement>('state-filter'),
  more: byId<HTMLButtonElement>('more'),
};

function applyTheme(theme: Theme | undefined): void {
  if (theme) document.documentElement.dataset.theme = theme;
}

/** The status line; its text may carry a deep link's ids or the API's words about them, so it is shown as dom.ts shows values. */
function say(...parts: (Node | string)[]): void {
  ui.status.replaceChildren(...parts.map((p) => (typeof p === 'string' ? shown(p) : p)));
}

function problem(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) return `Not allowed: ${error.message} (triage needs the Hunts.Triage app role)`;
  return error instanceof Error ? error.message : String(error);
}

class FindingsView {
  private sections = new Map<string, HuntSection>();
  private articles = new Map<string, HTMLElement>();
  private next: string | null = null;
  private filters: Filters = {};
  /** The state of each finding the pages listed, as triage changes it: the status line counts from it. */
  private listed = new Map<string, TriageState>();
  private generation = 0;

  constructor(
    private readonly api: Api,
    private readonly canTriage: boolean,
  ) {}

  async load(filters: Filters): Promise<void> {
    const generation = ++this.generation;
    this.filters = filters;
    say('Loading…');
    ui.more.hidden = true;
    const [runs, page] = await Promise.all([this.api.runs(), this.api.findings({ ...filters, limit: PAGE_SIZE })]);
    if (generation !== this.generation) return;
    this.fillHuntFilter(runs.hunts, filters.hunt);
    this.sections.clear();
    this.articles.clear();
    this.listed.clear();
    ui.hunts.replaceChildren();
    for (const h of runs.hunts) if (!filters.hunt || h.huntId === filters.hunt) this.section(h.huntId, h.name, h);
    this.append(page.findings, page.next);
  }

  async more(): Promise<void> {
    if (!this.next) return;
    const generation = this.generation;
    ui.more.disabled = true;
    try {
      const page = await this.api.findings({ ...this.filters, limit: PAGE_SIZE, cursor: this.next });
      if (generation === this.generation) this.append(page.findings, page.next);
    } finally {
      ui.more.disabled = false;
    }
  }

  /**
   * Loads the finding's hunt in every state; a finding not on its first page is read on its own and
   * shown first, rather than paging through the hunt. True when it is shown.
   */
  async reveal(target: FindingTarget): Promise<boolean> {
    if (this.generation === 0 || this.filters.hunt !== target.huntId || this.filters.state) {
      ui.stateFilter.value = '';
      await this.load({ hunt: target.huntId });
    }
    const key = articleKey(target.huntId, target.findingId);
    if (!this.articles.has(key)) {
      const generation = this.generation;
      const finding = await this.api.finding(target.huntId, target.findingId);
      if (finding && generation === this.generation && !this.articles.has(key)) {
        const { list, empty } = this.section(finding.huntId, finding.huntName);
        empty.hidden = true;
        const article = this.render(finding);
        list.prepend(article);
        this.articles.set(key, article);
      }
    }
    const article = this.articles.get(key);
    if (!article) {
      say(`That finding (${target.findingId} in hunt ${target.huntId}) is not in the store any more.`);
      return false;
    }
    for (const old of document.querySelectorAll('.finding.highlight')) old.classList.remove('highlight');
    article.classList.add('highlight');
    article.scrollIntoView({ block: 'center' });
    article.focus({ preventScroll: true });
    return true;
  }

  private append(findings: Finding[], next: string | null): void {
    for (const f of findings) {
      const { list, empty } = this.section(f.huntId, f.huntName);
      empty.hidden = true;
      const article = this.render(f);
      list.append(article);
      const key = articleKey(f.huntId, f.id);
      this.articles.set(key, article);
      this.listed.set(key, f.state);
    }
    this.next = next;
    ui.more.hidden = !next;
    this.sayCount();
  }

  /** "12 open findings": the listed ones still in the filter's state; those triaged out of it stay shown and are counted apart. */
  private sayCount(): void {
    const wanted = this.filters.state;
    let matching = 0;
    for (const state of this.listed.values()) if (!wanted || state === wanted) matching++;
    const moved = this.listed.size - matching;
    const stateWord = wanted ? ` ${ui.stateFilter.selectedOptions[0]?.textContent?.toLowerCase() ?? wanted}` : '';
    say(
      `${matching.toLocaleString()}${stateWord} finding${matching === 1 ? '' : 's'}${this.next ? ' shown, more below' : ''}` +
        (moved ? `; ${moved.toLocaleString()} triaged out of this filter, still shown` : ''),
    );
  }

  private render(f: Finding): HTMLElement {
    return renderFinding(f, {
      canTriage: this.canTriage,
      onTriage: async (finding, action, reason) => {
        let updated: Finding;
        try {
          updated = await this.api.triage(finding.huntId, finding.id, action, reason);
        } catch (error) {
          throw new Error(problem(error));
        }
        // Stays in place, in its new state, even when the state filter would now leave it out.
        const key = articleKey(finding.huntId, finding.id);
        const replacement = this.render(updated);
        this.articles.get(key)?.replaceWith(replacement);
        this.articles.set(key, replacement);
        replacement.focus({ preventScroll: true });
        if (this.listed.has(key)) {
          this.listed.set(key, updated.state);
          this.sayCount();
        }
      },
    });
  }

  private section(huntId: string, name: string, health?: HuntHealth): HuntSection {
    const existing = this.sections.get(huntId);
    if (existing) return existing;
    const list = el('div', { className: 'findings' });
    const empty = el('p', { className: 'empty', text: 'No findings here with these filters.' });
    const section = el('section', { className: 'hunt' }, el('h2', { text: name }), health ? renderHealth(health) : undefined, empty, list);
    section.dataset.huntId = huntId;
    ui.hunts.append(section);
    const created = { section, list, empty };
    this.sections.set(huntId, created);
    return created;
  }

  private fillHuntFilter(hunts: HuntHealth[], selected = ''): void {
    const options = hunts.map((h) => {
      const option = el('option', { text: h.name });
      option.value = h.huntId;
      return option;
    });
    const all = el('option', { text: 'All hunts' });
    all.value = '';
    ui.huntFilter.replaceChildren(all, ...options);
    ui.huntFilter.value = hunts.some((h) => h.huntId === selected) ? selected : '';
  }
}

function articleKey(huntId: string, findingId: string): string {
  return `${huntId}\n${findingId}`;
}

function filtersFromForm(): Filters {
  const state = ui.stateFilter.value as TriageState | '';
  return { hunt: ui.huntFilter.value || undefined, state: state || undefined };
}

async function showUser(host: Host): Promise<boolean> {
  const user = tokenUser(await host.token());
  ui.user.textContent = '';
  if (!user) return true;
  ui.user.append(el('span', { text: user.name ?? 'signed in' }), user.canTriage ? '' : el('span', { className: 'read-only', text: ' · read only (no Hunts.Triage role)' }));
  // The server checks the role on every triage; this only spares a button that would answer 403.
  return user.canTriage;
}

async function start(): Promise<void> {
  const host = await connectHost();
  document.documentElement.dataset.host = host.kind;
  applyTheme(host.theme);
  host.onThemeChange(applyTheme);
  const view = new FindingsView(apiClient(host), await showUser(host));

  const target = () => parseFindingTarget(location.hash) ?? parseFindingTarget(host.subPageId);
  const guard = (work: Promise<unknown>) => work.catch(showError);

  ui.filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void guard(view.load(filtersFromForm()));
  });
  for (const select of [ui.huntFilter, ui.stateFilter]) select.addEventListener('change', () => void guard(view.load(filtersFromForm())));
  ui.more.addEventListener('click', () => void guard(view.more()));
  window.addEventListener('hashchange', () => {
    const t = parseFindingTarget(location.hash);
    if (t) void guard(view.reveal(t));
  });

  const first = target();
  if (first) await view.reveal(first);
  else await view.load(filtersFromForm());
}

function signInLink(): HTMLAnchorElement {
  const link = el('a', { text: 'Sign in' });
  link.href = SIGN_IN_URL;
  return link;
}

function showError(error: unknown): void {
  if (error instanceof SignInRequired) {
    say(signInLink(), ' to see the findings.');
    return;
  }
  if (error instanceof ApiError && error.status === 401) {
    // Outside Teams a new session may fix it; inside, Teams' own token was refused, so say why.
    const why = el('span', { className: 'error', text: `The API refused the sign-in: ${error.message}` });
    if (document.documentElement.dataset.host === 'browser') say(why, ' ', signInLink(), ' again.');
    else say(why);
    return;
  }
  say(el('span', { className: 'error', text: problem(error) }));
}

start().catch(showError);
