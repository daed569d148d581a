/**
 * `hull sim check SCENARIO`: reads a rollout scenario, checks it (the YAML,
 * the format, the references between its parts) and prints the plan, or the
 * issues at FILE:LINE:COL with exit 1; `hull sim run SCENARIO` rehearses it
 * (sim-run.ts). docs/sim.md.
 */
import { Command } from 'commander';
import { readInputBytes } from '../../adapters/node/index.js';
import { checkScenario, planSummary } from '../../sim/index.js';
import { toJsonIssues } from '../../source/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { issuesText } from './sim-issues.js';
import { runCommand } from './sim-run.js';

export { issuesText };

function checkCommand(ctx: CliContext): Command {
  return new Command('check')
    .description(
      'check a scenario file and print what it would simulate: the clock, releases, channels, groups and policies, the fleet, the lock, the events and the expectations; a mistake is printed at FILE:LINE:COL and exits 1',
    )
    .argument('[scenario]', "the scenario file (YAML, docs/sim.md); '-' or none reads standard input")
    .action(async (file: string | undefined) => {
      const bytes = await readInputBytes(file, ctx.stdin);
      const { plan, report } = checkScenario(bytes);
      const name = file === undefined || file === '-' ? '<stdin>' : file;
      if (ctx.output === 'json') {
        writeEnvelope(ctx, { ok: plan !== undefined, result: plan ?? null, issues: toJsonIssues(report) });
      } else {
        if (!report.isEmpty) ctx.stderr.write(issuesText(report, name));
        if (plan !== undefined) ctx.stdout.write(planSummary(plan));
        else
          ctx.stderr.write(
            `hull: ${name}: the scenario has ${report.issues.filter((i) => i.severity === 'error').length} error(s); nothing was simulated\n`,
          );
      }
      ctx.exitCode = plan === undefined ? 1 : 0;
    });
}

export function command(ctx: CliContext): Command {
  return new Command('sim')
    .description('rehearse a rollout on a simulated fleet: scenario files (docs/sim.md)')
    .addCommand(checkCommand(ctx))
    .addCommand(runCommand(ctx));
}
