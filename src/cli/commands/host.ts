/** `hull host boot`: the simulated boot of a Flatcar-layout image as a machine directory ROOT (docs/host.md). */
import { Command } from 'commander';
import { bootImage } from '../../adapters/host/index.js';
import type { HostBootResult } from '../../disk/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';

const bits = (a: HostBootResult['before']): string =>
  `priority ${a.priority} tries ${a.tries} successful ${a.successful ? 1 : 0}`;

function text(r: HostBootResult): string {
  const b = r.record;
  const lines = [
    `${r.dryRun ? 'would boot' : 'booted'} partition ${b.partition} (${b.label || 'no label'}, slot ${b.slot}): version ${b.release.FLATCAR_RELEASE_VERSION}` +
      `${b.release.FLATCAR_RELEASE_BOARD ? `, board ${b.release.FLATCAR_RELEASE_BOARD}` : ''}`,
    `attributes: ${bits(r.before)}${r.record.triesConsumed ? ` → ${bits(r.after)} (a try ${r.dryRun ? 'would be' : 'was'} consumed${r.gptWritten ? ', GPT written, both copies' : ''})` : ' (no try consumed)'}`,
  ];
  if (!b.health.script) lines.push('health: no health script');
  else if (r.dryRun) lines.push('health: a health script, not run (--dry-run)');
  else
    lines.push(
      `health: ${b.health.ok ? 'ok' : 'FAILED'} (${b.health.timedOut ? 'timed out' : `exit ${b.health.exitCode}`})`,
    );
  if (!r.dryRun) lines.push(`boot id ${b.bootId}; run/hull/boot.json written`);
  else lines.push('nothing was changed (--dry-run)');
  return `${lines.join('\n')}\n`;
}

function bootCommand(ctx: CliContext): Command {
  return new Command('boot')
    .description(
      "boot a Flatcar-layout image once: GRUB's gptprio.next chooses the USR slot (a try is consumed, the GPT written back), its release is read from its ext2, its health script run; ROOT/run is emptied and ROOT/run/hull/boot.json written",
    )
    .argument('<image>', 'the disk image (Flatcar layout: USR-A = 3, USR-B = 4)')
    .requiredOption('--root <dir>', "the simulated machine's directory (created when missing)")
    .option('--dry-run', 'print the choice and change nothing (no GPT write, no ROOT change, no health script run)')
    .action(async (image: string, opts: { root: string; dryRun?: boolean }) => {
      const timeout = ctx.env.HULL_HEALTH_TIMEOUT_MS;
      const r = await bootImage(image, opts.root, {
        dryRun: opts.dryRun === true,
        ...(timeout && /^\d+$/.test(timeout) ? { healthTimeoutMs: Number(timeout) } : {}),
      });
      if (ctx.output === 'json')
        writeEnvelope(ctx, {
          ok: true,
          result: { dryRun: r.dryRun, gptWritten: r.gptWritten, before: r.before, after: r.after, boot: r.record },
        });
      else ctx.stdout.write(text(r));
    });
}

export function command(ctx: CliContext): Command {
  return new Command('host')
    .description('a simulated machine: boot a Flatcar-layout image (docs/host.md)')
    .addCommand(bootCommand(ctx));
}
