/**
 * Units as Ignition 2.x writes them: drop-ins (with contents) then the unit
 * under /etc/systemd/system (networkd units are units too: .network, .netdev
 * and .link files go to /etc/systemd/network), mask → a /dev/null symlink,
 * mask false removes such a link; `enabled` becomes a preset line in
 * /etc/systemd/system-preset/20-ignition.preset (templated units: one line
 * with the instances), and enabled false also runs `systemctl --root DIR disable`.
 */
import { AppError } from '../core/index.js';
import type { EngineConfig, UnitSpec } from './config-shape.js';
import { mkdirAll } from './node-ops.js';
import type { ProvisionPorts } from './ports.js';
import type { RunLog } from './run-log.js';
import { dirname, resolveParents } from './target-path.js';

export const PRESET_PATH = '/etc/systemd/system-preset/20-ignition.preset';
const UNITS_DIR = '/etc/systemd/system';

const enc = (s: string) => new TextEncoder().encode(s);

interface Preset {
  unit: string;
  enabled: boolean;
  instances: string[] | undefined;
}

export function presetLines(units: readonly UnitSpec[]): { presets: Preset[]; error?: string } {
  const map = new Map<string, Preset>();
  for (const u of units) {
    if (u.enabled === undefined || u.enabled === null) continue;
    const id = u.enabled ? 'enabled' : 'disabled';
    if (u.name.includes('@')) {
      const at = u.name.indexOf('@');
      const dot = u.name.lastIndexOf('.');
      const instance = u.name.slice(at + 1, dot);
      const template = u.name.slice(0, at + 1) + u.name.slice(dot);
      const key = `${template}-${id}`;
      const p = map.get(key);
      if (p) p.instances!.push(instance);
      else map.set(key, { unit: template, enabled: u.enabled, instances: [instance] });
    } else {
      map.set(`${u.name}-${id}`, { unit: u.name, enabled: u.enabled, instances: undefined });
    }
  }
  return { presets: [...map.values()] };
}

export const presetText = (p: Preset): string =>
  `${p.enabled ? 'enable' : 'disable'} ${p.unit}${p.instances ? ' ' + p.instances.join(' ') : ''}`;

export async function runUnits(cfg: EngineConfig, ports: ProvisionPorts, log: RunLog): Promise<void> {
  const { fs } = ports;
  const units = cfg.systemd?.units ?? [];
  for (const u of units) {
    await log.op('units', `processing unit "${u.name}"`, async () => {
      for (const d of u.dropins ?? []) {
        if (d.contents === undefined || d.contents === null) continue;
        const path = await resolveParents(fs, `${UNITS_DIR}/${u.name}.d/${d.name}`);
        await log.op('units', `writing systemd drop-in "${d.name}" at "${path}"`, async () => {
          await mkdirAll(fs, dirname(path));
          await fs.writeFile(path, enc(d.contents!));
        });
      }
      if (u.contents === undefined || u.contents === null || u.contents === '') return;
      const path = await resolveParents(fs, `${UNITS_DIR}/${u.name}`);
      await log.op('units', `writing unit "${u.name}" at "${path}"`, async () => {
        await mkdirAll(fs, dirname(path));
        await fs.writeFile(path, enc(u.contents!));
      });
    });
    if (u.mask === true) {
      await log.op('units', `masking unit "${u.name}"`, async () => {
        const path = await resolveParents(fs, `${UNITS_DIR}/${u.name}`);
        await mkdirAll(fs, dirname(path));
        await fs.removeAll(path);
        await fs.symlink('/dev/null', path);
      });
    } else if (u.mask === false) {
      const path = await resolveParents(fs, `${UNITS_DIR}/${u.name}`);
      const st = await fs.lstat(path);
      if (st?.kind === 'symlink' && (await fs.readlink(path)) === '/dev/null') {
        await log.op('units', `unmasking unit "${u.name}"`, () => fs.removeAll(path));
      }
    }
  }
  const { presets } = presetLines(units);
  for (const p of presets) {
    const line = presetText(p);
    await log.op(
      'units',
      `setting preset to ${p.enabled ? 'enabled' : 'disabled'} for "${line.replace(/^\S+ /, '')}"`,
      async () => {
        if (!p.enabled) {
          // "--": a unit named like an option ("--global") is a unit name to systemctl.
          const args = ['--root', ports.rootForTools, 'disable', '--', line.replace(/^\S+ /, '')];
          const r = await ports.runner.run('systemctl', args).catch((err: Error) => {
            throw new AppError('PROVISION_TOOL_FAILED', `cannot run systemctl: ${err.message}`, { cause: err });
          });
          if (r.status !== 0)
            throw new AppError(
              'PROVISION_TOOL_FAILED',
              `cannot remove symlink(s) for ${p.unit}: ${(r.stderr || r.stdout).trim()}`,
            );
        }
        const path = await resolveParents(fs, PRESET_PATH);
        await mkdirAll(fs, dirname(path));
        await fs.appendFile(path, enc(line + '\n'));
      },
    );
  }
}
