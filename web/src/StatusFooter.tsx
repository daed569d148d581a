import { useEffect, useState } from 'react';

interface Status {
  readonly version: string;
  readonly store: string;
  readonly instance: string;
  readonly starts: number;
}

/** The server's facts (GET /api/v1/status), fetched once; the playground itself never needs the server. */
export function StatusFooter() {
  const [status, setStatus] = useState<Status | 'unreachable' | undefined>(undefined);
  useEffect(() => {
    fetch('/api/v1/status')
      .then(async (r) => (r.ok ? setStatus((await r.json()) as Status) : setStatus('unreachable')))
      .catch(() => setStatus('unreachable'));
  }, []);
  return (
    <footer>
      {status === undefined && 'Hull'}
      {status === 'unreachable' && 'Hull: the server did not answer; the playground works without it.'}
      {typeof status === 'object' && (
        <>
          Hull {status.version} · store {status.store} · instance <code>{status.instance}</code> ·{' '}
          <a href="/status">status</a> · <a href="/healthz">health</a> · API <code>POST /api/v1/transpile</code>
        </>
      )}
    </footer>
  );
}
