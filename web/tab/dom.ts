/**
 * Every value on this page came from telemetry or from people, so it goes in as text (textContent, text
 * nodes, setAttribute on inert attributes), never as markup. Invisible and bidi characters are shown as
 * `<U+202E>`, as the cards and the CLI show them, so a value cannot read differently from what it is.
 */
import { revealHidden } from '../../src/util/escape.js';

type Child = Node | string | undefined | false | null;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; title?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = shown(props.text);
  if (props.title !== undefined) node.title = shown(props.title);
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child !== undefined && child !== null && child !== false) node.append(typeof child === 'string' ? shown(child) : child);
  return node;
}

/** A telemetry value as one line of text: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}

export function shown(text: string): string {
  return revealHidden(text);
}

/** Only https links are made clickable (the API builds them from validated identifiers; this is the page's own check). */
export function safeHttpsUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A time for people (local zone), with the exact ISO time as its tooltip. */
export function timeElement(iso: string | undefined | null): HTMLTimeElement | string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const node = el('time', { text: DATE_FORMAT.format(date), title: date.toISOString() });
  node.dateTime = date.toISOString();
  return node;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
