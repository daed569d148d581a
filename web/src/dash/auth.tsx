// Sign-in with a token: kept in session storage (gone with the tab), checked with GET /api/v1/whoami,
// whose role decides whether write controls are shown (a viewer sees none).
import { createContext, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, getToken, setToken, type ApiError } from './api.js';
import type { WhoAmI } from './types.js';
import { asApiError, ErrorBox } from './ui.js';

interface Auth {
  who: WhoAmI;
  isAdmin: boolean;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (a === null) throw new Error('useAuth outside <Authenticated>');
  return a;
}

/** Renders children only for an admin (write controls). */
export function AdminOnly({ children }: { children: ReactNode }) {
  return useAuth().isAdmin ? children : null;
}

const WHO_KEY = 'hull.who';
const cachedWho = (): WhoAmI | null => {
  try {
    return JSON.parse(sessionStorage.getItem(WHO_KEY) ?? 'null') as WhoAmI | null;
  } catch {
    return null;
  }
};

/**
 * With a token in session storage the pages render at once (no round trip first): with the role
 * remembered from the last check, or as a viewer (no write controls) until GET /api/v1/whoami
 * answers, which runs beside the page's own requests. A token the server no longer knows (401)
 * goes back to the sign-in form.
 */
export function Authenticated({ children }: { children: ReactNode }) {
  const [who, setWho] = useState<WhoAmI | null>(() =>
    getToken() === null ? null : (cachedWho() ?? { id: '', role: 'viewer', name: '' }),
  );
  const [error, setError] = useState<ApiError | undefined>();
  const remember = (w: WhoAmI | null) => {
    if (w === null) sessionStorage.removeItem(WHO_KEY);
    else sessionStorage.setItem(WHO_KEY, JSON.stringify(w));
    setWho(w);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: asks who the stored token is once, when the page opens
  useEffect(() => {
    const token = getToken();
    if (token === null) return;
    api<WhoAmI>('GET', '/api/v1/whoami', undefined, token).then(remember, (e: unknown) => {
      const err = asApiError(e);
      if (err.status === 401) {
        setToken(null);
        remember(null);
      }
      setError(err);
    });
  }, []);
  if (who === null) return <SignIn error={error} onSignedIn={remember} />;
  const auth: Auth = {
    who,
    isAdmin: who.role === 'admin',
    signOut: () => {
      setToken(null);
      remember(null);
      setError(undefined);
    },
  };
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

function SignIn({ error: initial, onSignedIn }: { error: ApiError | undefined; onSignedIn: (w: WhoAmI) => void }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(initial);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const token = value.trim();
      const w = await api<WhoAmI>('GET', '/api/v1/whoami', undefined, token);
      setToken(token);
      onSignedIn(w);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin" id="main">
      <h1>Hull dashboard</h1>
      <p>
        Sign in with an API token. The first start of <code>hull serve</code> writes an admin token to{' '}
        <code>&lt;data-dir&gt;/admin-token</code>; <code>hull token create --role viewer</code> makes a read-only one.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
          placeholder="hull_…"
        />
        <button type="submit" disabled={busy || value.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      {error && (
        <ErrorBox
          error={
            error.status === 401
              ? ({ ...error, message: `the server does not know this token (${error.message})` } as ApiError)
              : error
          }
          what="sign in"
        />
      )}
      <p>
        <a href="/">The config playground</a> needs no token.
      </p>
    </main>
  );
}
