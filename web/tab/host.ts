/**
 * Where the page runs decides how it gets a token: inside Teams (teams-js SSO), or in a plain browser
 * behind App Service Authentication (`/.auth/me`). Outside Teams `app.initialize()` rejects at once when
 * there is no parent window; inside a frame that is not Teams it would wait a minute, so it is cut short.
 */
import { app, authentication } from '@microsoft/teams-js';

export type Theme = 'default' | 'dark' | 'contrast';

export interface Host {
  kind: 'teams' | 'browser';
  /** A bearer token for the API; `fresh` after the API refused the last one. */
  token(fresh?: boolean): Promise<string>;
  /** The Teams deep link's subEntityId, if the tab was opened through one. */
  subPageId?: string;
  /** Teams' theme; undefined in a browser, where the page follows prefers-color-scheme. */
  theme?: Theme;
  onThemeChange(handler: (theme: Theme) => void): void;
}

/** No session with App Service Authentication: the page shows a sign-in link. */
export class SignInRequired extends Error {
  override name = 'SignInRequired';
}

const TEAMS_INIT_TIMEOUT_MS = 8_000;
export const SIGN_IN_URL = '/.auth/login/aad?post_login_redirect_uri=/api/tab/';

export async function connectHost(): Promise<Host> {
  return (await teamsHost()) ?? browserHost();
}

async function teamsHost(): Promise<Host | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer from a Teams host')), TEAMS_INIT_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
  const context = await app.getContext();
  return {
    kind: 'teams',
    // Teams caches the SSO token and renews it when it nears expiry, so asking each time is cheap.
    token: () => authentication.getAuthToken(),
    subPageId: context.page.subPageId || undefined,
    theme: asTheme(context.app.theme),
    onThemeChange(handler) {
      app.registerOnThemeChangeHandler((theme) => handler(asTheme(theme)));
    },
  };
}

function asTheme(theme: string | undefined): Theme {
  return theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

function browserHost(): Host {
  let cached: string | undefined;
  return {
    kind: 'browser',
    async token(fresh = false) {
      if (cached && !fresh) return cached;
      cached = await tokenFromAuthMe();
      return cached;
    },
    onThemeChange() {},
  };
}

/** App Service Authentication's session endpoint: `[{ "access_token": "…", "user_id": "…" }]`. */
async function tokenFromAuthMe(): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/.auth/me', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new Error(`cannot reach /.auth/me (${error instanceof Error ? error.message : String(error)})`);
  }
  if (response.status === 401) throw new SignInRequired('not signed in');
  if (!response.ok) {
    throw new Error(`/.auth/me answered ${response.status}: App Service Authentication is not enabled for this app, so the page can only be used in Teams`);
  }
  const sessions: unknown = await response.json().catch(() => null);
  const token = Array.isArray(sessions) ? (sessions[0] as { access_token?: unknown } | undefined)?.access_token : undefined;
  if (typeof token !== 'string' || token === '') throw new SignInRequired('no access token in the session');
  return token;
}
