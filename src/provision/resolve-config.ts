/**
 * The fetch stage: the config text is read with the Ignition spec module
 * (any spec, upgraded to 3.6), then ignition.config.replace is followed and
 * ignition.config.merge configs are laid over it, depth first, as Ignition's
 * renderConfig does. Every referenced config is verified before use; a cycle
 * or an invalid config anywhere is reported and nothing is applied. Chains are
 * bounded (Ignition sets no bound; an endless chain of distinct URLs would never
 * end): at most MAX_CONFIG_DEPTH levels below the given config and
 * MAX_CONFIG_FETCHES referenced configs in all, else PROVISION_CONFIG_LIMIT.
 */
import { errorAt, Report } from '../core/index.js';
import { mergeConfigs, parseAnyVersion, type TranslationRules } from '../ignition/index.js';
import type { EngineConfig, Resource } from './config-shape.js';
import type { Codec, Fetcher } from './ports.js';
import { fetchContext, fetchResource, type FetchContext } from './resource.js';
import type { RunLog } from './run-log.js';

/** How deep ignition.config references may nest below the given config. */
export const MAX_CONFIG_DEPTH = 10;
/** How many configs ignition.config references may name in all (each fetch counts). */
export const MAX_CONFIG_FETCHES = 100;

const short = (url: string) => (url.length > 80 ? `${url.slice(0, 77)}...` : url);

export interface ResolvedConfig {
  readonly config?: EngineConfig;
  readonly report: Report;
  /** The configs read, in order (the first is the given text). */
  readonly sources: string[];
}

export async function resolveConfig(
  text: string,
  deps: { fetcher: Fetcher; codec: Codec; log: RunLog; rules?: TranslationRules },
): Promise<ResolvedConfig> {
  const sources: string[] = ['(given config)'];
  const rec = async (t: string, chain: string[]): Promise<{ config?: EngineConfig; report: Report }> => {
    const parsed = parseAnyVersion(t, deps.rules ? { rules: deps.rules } : {});
    if (parsed.config === undefined || parsed.report.isFatal()) return { report: parsed.report };
    const cfg = parsed.config as unknown as EngineConfig;
    const refs = cfg.ignition.config ?? {};
    let ctx: FetchContext = {};
    if (refs.replace?.source || (refs.merge ?? []).some((m) => m.source))
      ctx = await fetchContext(cfg, deps.fetcher, deps.codec);
    const fetchChild = async (r: Resource, path: (string | number)[]) => {
      const url = r.source ?? '';
      if (chain.includes(url)) {
        return {
          report: Report.of(
            errorAt(
              'PROVISION_CONFIG_CYCLE',
              path,
              `config ${short(url)} references itself through ${chain.map(short).join(' -> ')}`,
            ),
          ),
        };
      }
      if (chain.length > MAX_CONFIG_DEPTH) {
        return {
          report: Report.of(
            errorAt(
              'PROVISION_CONFIG_LIMIT',
              path,
              `config ${short(url)} is nested more than ${MAX_CONFIG_DEPTH} levels deep (through ${chain.map(short).join(' -> ')}); not fetched`,
            ),
          ),
        };
      }
      if (sources.length > MAX_CONFIG_FETCHES) {
        return {
          report: Report.of(
            errorAt(
              'PROVISION_CONFIG_LIMIT',
              path,
              `more than ${MAX_CONFIG_FETCHES} configs are referenced in all; config ${short(url)} not fetched`,
            ),
          ),
        };
      }
      sources.push(url);
      const bytes = await deps.log.op('fetch', `fetching config ${short(url)}`, () =>
        fetchResource(r, deps.fetcher, deps.codec, ctx),
      );
      const sub = await rec(new TextDecoder().decode(bytes), [...chain, url]);
      return { config: sub.config, report: sub.report.prefixed([]) };
    };
    if (refs.replace?.source) {
      const r = await fetchChild(refs.replace, ['ignition', 'config', 'replace', 'source']);
      return r.config === undefined
        ? { report: parsed.report.merge(r.report) }
        : { config: r.config, report: parsed.report.merge(r.report) };
    }
    let merged: EngineConfig = stripRefs(cfg);
    let report = parsed.report;
    for (const [i, m] of (refs.merge ?? []).entries()) {
      if (!m.source) continue;
      const r = await fetchChild(m, ['ignition', 'config', 'merge', i, 'source']);
      report = report.merge(r.report);
      if (r.config === undefined) return { report };
      merged = mergeConfigs(merged, stripRefs(r.config));
    }
    return { config: merged, report };
  };
  const r = await rec(text, ['(given config)']);
  return { ...r, sources };
}

function stripRefs(cfg: EngineConfig): EngineConfig {
  const { config: _drop, ...ign } = cfg.ignition;
  return { ...cfg, ignition: ign };
}
