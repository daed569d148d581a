/**
 * The common wrong turns, recognised from an input that failed: what the user
 * probably meant to run instead. Pure: text in, a sentence (or undefined) out.
 */

/** A YAML document that is Butane (a top-level `variant:`) or a Container Linux Config (ct's top-level keys). */
export function yamlConfigKind(text: string): 'butane' | 'clc' | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return undefined;
  if (/^variant\s*:/m.test(text)) return 'butane';
  if (/^(ignition|storage|systemd|networkd|passwd|etcd|flannel|update|locksmith|docker)\s*:/m.test(text)) return 'clc';
  return undefined;
}

/** For a config that is not JSON where Ignition JSON is expected. */
export function notIgnitionHint(text: string, file: string | undefined): string | undefined {
  const name = file === undefined || file === '-' ? '' : ` ${file}`;
  switch (yamlConfigKind(text)) {
    case 'butane':
      return `this looks like a Butane config: run 'hull butane${name}' first and give its output here`;
    case 'clc':
      return `this looks like a Container Linux Config: run 'hull ct${name === '' ? '' : ` -in-file${name}`}' first and give its output here`;
    default:
      return undefined;
  }
}

/** For a spec 2.x config refused because --accept-v2 was not given. */
export function acceptV2Hint(text: string): string | undefined {
  if (/"ignitionVersion"\s*:\s*1\b/.test(text))
    return 'this is a spec 1 config (ignitionVersion 1): add --accept-v2 to validate it by its own rules';
  return /"version"\s*:\s*"2\.[0-3]\.0"/.test(text)
    ? 'this is a spec 2.x (Container Linux) config: add --accept-v2 to validate it by its own rules'
    : undefined;
}

/** cgpt subcommands cgpt has and Hull does not, with Hull's way to do the same. */
export const CGPT_EQUIVALENTS: Readonly<Record<string, string>> = {
  repair: 'hull disk verify --repair IMAGE',
  create: 'hull disk create --size SIZE IMAGE (a new image with the Flatcar layout)',
};
