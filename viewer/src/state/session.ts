/**
 * ringsight/viewer/state/session
 * ==============================
 *
 * Who is signed in. The token lives in sessionStorage, not localStorage: it
 * is a bearer credential, and a tab-scoped copy disappears when the analyst
 * closes the tab. `unmask` and `caseReference` are the identity switch the
 * API understands (`?unmask=true`, `X-Case-Reference`); the server decides
 * what the role actually gets, the viewer only asks.
 */
import type { Principal } from '../api/types.js';
import { Store } from './store.js';

export interface Session {
  token: string;
  principal: Principal | null;
  unmask: boolean;
  caseReference: string;
}

const TOKEN_KEY = 'ringsight.token';

function readToken(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

function initial(): Session | null {
  const token = readToken();
  return token ? { token, principal: null, unmask: false, caseReference: '' } : null;
}

export const session = new Store<Session | null>(initial());

session.subscribe((value) => {
  try {
    if (value) globalThis.sessionStorage?.setItem(TOKEN_KEY, value.token);
    else globalThis.sessionStorage?.removeItem(TOKEN_KEY);
  } catch {
    // Without storage the session lasts as long as the page.
  }
});

/** Why the last session ended when the user did not ask (the sign-in screen says so). */
export const signOutReason = new Store<'expired' | null>(null);

export function signOut(reason: 'expired' | null = null): void {
  signOutReason.set(reason);
  session.set(null);
}

export function patchSession(change: Partial<Session>): void {
  const current = session.get();
  if (current) session.set({ ...current, ...change });
}
