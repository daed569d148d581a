import { spawn } from 'node:child_process';
import { AppError } from '../../core/index.js';

/**
 * Asks the system to reboot: `systemctl reboot` (logind), or the shell command
 * given (`HULL_REBOOT_COMMAND` in `hull locksmith reboot`, for tests and
 * machines without systemd). Resolves once the command exited 0.
 */
export function systemReboot(command?: string): Promise<void> {
  const [file, args] =
    command === undefined || command === '' ? ['systemctl', ['reboot']] : ['/bin/sh', ['-c', command]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, args as string[], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      if (err.length < 4096) err += c.toString('utf8');
    });
    child.on('error', (e) => reject(new AppError('IO_FAILED', `running ${file}: ${e.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new AppError(
            'IO_FAILED',
            `${[file, ...(args as string[])].join(' ')} failed (${code ?? signal})${err.trim() ? `: ${err.trim()}` : ''}`,
          ),
        );
    });
  });
}
