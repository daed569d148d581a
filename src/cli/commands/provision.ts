/** `hull provision`: apply a config (Ignition of any spec, Butane, a Container Linux Config) to a root directory, as Ignition's engine does. */
import { Command } from 'commander';
import { hostPath, rootPorts, openImageTarget } from '../../adapters/provision/index.js';
import { parseSize } from './disk-io.js';
import { AppError, type Report } from '../../core/index.js';
import { provision, type OpEvent, type ProvisionResult } from '../../provision/index.js';
import { renderIgnitionValidate, toJsonIssues } from '../../source/index.js';
import type { CliContext } from '../context.js';
import { progressFor } from '../progress-line.js';
import { writeEnvelope } from '../envelope.js';
import { notIgnitionHint } from '../hints.js';
import { dialectOption, filesDirOption, readConfigInput } from '../config-input.js';
import { parseRules, rulesOption } from '../rules-option.js';

function text(r: ProvisionResult, dryRun: boolean): string {
  const out: string[] = [];
  if (dryRun) for (const p of r.plan) out.push(`${p.stage.padEnd(11)} ${p.op}${p.path ? ` ${p.path}` : ''}`);
  for (const s of r.stages) out.push(`stage ${s.stage}: ${s.status}${s.error ? `: ${s.error.message}` : ''}`);
  out.push(r.ok ? (dryRun ? 'plan ok (nothing applied)' : 'provisioned') : 'provisioning failed');
  return out.join('\n') + '\n';
}

export function command(ctx: CliContext): Command {
  return new Command('provision')
    .description(
      'apply a config (Ignition 1, 2.0 to 3.6, Butane, a Container Linux Config) to a root directory, or bake it into a disk image',
    )
    .argument('[config]', 'the config file, or - for standard input')
    .addOption(dialectOption())
    .addOption(filesDirOption())
    .option('--root <dir>', 'the target root directory')
    .option('--image <file>', 'the target disk image (GPT); created with --size when missing')
    .option('--layout <layout>', 'partition layout of a new image', 'flatcar')
    .option('--size <size>', 'size of a new image, e.g. 8GiB')
    .option('--dry-run', 'print the plan; change nothing')
    .option(
      '--force',
      'on an image: remake filesystems that exist, as if each had wipeFilesystem: true (their files are lost)',
    )
    .option('--config-cache <path>', 'cache the fetched (merged) config at this path inside the target')
    .option(
      '--max-fetch-size <size>',
      'largest contents or append fetched for a file, before and after decompression, e.g. 512MiB',
      '4GiB',
    )
    .option('-v, --verbose', 'log every operation on stderr')
    .addOption(rulesOption())
    .action(
      async (
        file: string | undefined,
        opts: {
          root?: string;
          image?: string;
          layout: string;
          size?: string;
          dryRun?: boolean;
          verbose?: boolean;
          configCache?: string;
          maxFetchSize: string;
          force?: boolean;
          dialect?: string;
          filesDir?: string;
          rules: string;
        },
      ) => {
        const rules = parseRules(opts.rules)!;
        if ((opts.root === undefined) === (opts.image === undefined))
          throw new AppError('USAGE', 'give exactly one of --root DIR and --image FILE');
        if (opts.force && opts.root !== undefined)
          throw new AppError(
            'USAGE',
            '--force is for --image (it lets existing filesystems be remade); --root never makes filesystems',
          );
        if (opts.layout !== 'flatcar')
          throw new AppError('USAGE', `--layout: unknown layout '${opts.layout}' (flatcar)`);
        const maxFetchBytes = parseSize(opts.maxFetchSize, '--max-fetch-size');
        // Butane and CLC are transpiled first; an error there applies nothing (no image is even opened).
        const config = await readConfigInput(ctx, file, opts);
        if (config.ignition === undefined) {
          writeRefused(ctx, config.report);
          return;
        }
        const input = config.ignition;
        // The live status line on a terminal (nothing when stderr is not one, -q, -o json); -v lines go below it.
        const progress = progressFor(ctx);
        const onEvent = opts.verbose
          ? (e: OpEvent) => progress.log(`[${e.stage}] ${e.status} ${e.op}${e.error ? `: ${e.error}` : ''}\n`)
          : undefined;
        const onProgress = progress.update.bind(progress);
        let r: ProvisionResult;
        try {
          if (opts.image !== undefined) {
            const t = await openImageTarget(hostPath(ctx.cwd, opts.image), {
              layout: 'flatcar',
              name: opts.image,
              ...(opts.size ? { size: parseSize(opts.size) } : {}),
            });
            // Stopped by SIGTERM/SIGINT: the staging directory goes too (a SIGKILLed run's is removed by the next run).
            ctx.onSignal(async (signal) => {
              progress.stop();
              await t.close();
              ctx.stderr.write(
                `hull: provision stopped by ${signal}; ${t.created ? `no image was made at ${opts.image}` : `${opts.image} may be partly provisioned`}\n`,
              );
              return signal === 'SIGTERM' ? 143 : 130;
            });
            try {
              r = await provision(input, t.ports, {
                rules,
                dryRun: opts.dryRun === true,
                image: t.target,
                maxFetchBytes,
                force: opts.force === true,
                onProgress,
                ...(opts.configCache ? { configCache: opts.configCache } : {}),
                ...(onEvent ? { onEvent } : {}),
              });
              // a new image gets its name only now; a failed run's temporary file goes with close()
              if (r.ok && opts.dryRun !== true) await t.commit();
            } finally {
              await t.close();
            }
          } else {
            // useradd and systemctl take only an absolute --root: resolved here, at the edge.
            const ports = rootPorts(hostPath(ctx.cwd, opts.root!));
            const st = await ports.fs.lstat('/').catch(() => undefined);
            if (st?.kind !== 'dir') throw new AppError('NOT_FOUND', `the root ${opts.root!} is not a directory`);
            r = await provision(input, ports, {
              rules,
              dryRun: opts.dryRun === true,
              maxFetchBytes,
              onProgress,
              ...(opts.configCache ? { configCache: opts.configCache } : {}),
              ...(onEvent ? { onEvent } : {}),
            });
          }
        } finally {
          progress.stop();
        }
        // Issues about the translated config, placed in the YAML; the transpiler's own come first.
        if (config.dialect !== 'ignition') r = { ...r, report: config.report.merge(config.mapBack(r.report)) };
        const hint = r.report.issues.some((i) => i.code === 'SRC_JSON_SYNTAX')
          ? notIgnitionHint(input, file)
          : undefined;
        if (ctx.output === 'json') {
          // The envelope's error: the first failed stage's (the stages say the rest).
          const failed = r.stages.find((s) => s.status === 'failed')?.error;
          const error = failed === undefined ? null : { ...failed, ...(hint === undefined ? {} : { hint }) };
          writeEnvelope(ctx, {
            ok: r.ok,
            result: { stages: r.stages, plan: r.plan, events: r.events },
            issues: toJsonIssues(r.report),
            error,
          });
        } else {
          if (!r.report.isEmpty) ctx.stderr.write(renderIgnitionValidate(r.report));
          ctx.stdout.write(text(r, opts.dryRun === true));
          if (hint !== undefined) ctx.stderr.write(`hull: hint: ${hint}\n`);
        }
        ctx.exitCode = r.ok ? 0 : 1;
      },
    );
}

/** A Butane config or CLC with an error: its issues at line:col, nothing applied (exit 1). */
function writeRefused(ctx: CliContext, report: Report): void {
  if (ctx.output === 'json') {
    const first = report.issues.find((i) => i.severity === 'error');
    writeEnvelope(ctx, {
      ok: false,
      result: null,
      issues: toJsonIssues(report),
      error: { code: 'INPUT_INVALID', message: first?.message ?? 'the config is invalid' },
    });
  } else {
    ctx.stderr.write(renderIgnitionValidate(report));
    ctx.stdout.write('provisioning failed: the config has errors; nothing applied\n');
  }
  ctx.exitCode = 1;
}
