import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<root>/etc/machine-id`, trimmed; '' when it cannot be read (as locksmith's machineid.MachineID). */
export function readMachineId(root = '/'): string {
  try {
    return readFileSync(join(root, 'etc/machine-id'), 'utf8').trim();
  } catch {
    return '';
  }
}
