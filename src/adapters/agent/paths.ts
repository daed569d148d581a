import { join, resolve } from 'node:path';
import { socketPath } from './control-socket.js';

/** A path given on the command line, made absolute against the command's working directory. */
export const absolute = (cwd: string, path: string): string => resolve(cwd, path);

/** The agent's files under a machine root (docs/host.md). */
export function agentPaths(root: string): {
  prefs: string;
  payload: string;
  status: string;
  socket: string;
  pubkey: string;
} {
  return {
    prefs: join(root, 'var/lib/update_engine/prefs'),
    payload: join(root, 'var/lib/hull-agent/payload'),
    status: join(root, 'run/hull-agent/status.json'),
    socket: socketPath(root),
    pubkey: join(root, 'usr/share/update_engine/update-payload-key.pub.pem'),
  };
}
