/**
 * Whether Go's net/url.Parse fails on a string: the failures a config can
 * hit (control characters, a bad %-escape, a colon before the first slash
 * with an empty scheme, bad characters in the scheme, a bad host or port).
 * Returns Go's error text or undefined.
 */
export function goUrlParseError(raw: string): string | undefined {
  const q = (s: string): string => JSON.stringify(s);
  if (/[\x00-\x1f\x7f]/.test(raw)) return `parse ${q(raw)}: net/url: invalid control character in URL`;
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    const frag = rest.slice(hash + 1);
    const bad = badEscape(frag);
    if (bad !== undefined) return `parse ${q(raw)}: invalid URL escape ${q(bad)}`;
    rest = rest.slice(0, hash);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (rest.startsWith(':')) return `parse ${q(raw)}: missing protocol scheme`;
  if (scheme === null) {
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) {
      return `parse ${q(raw)}: first path segment in URL cannot contain colon`;
    }
  }
  const afterScheme = scheme === null ? rest : rest.slice(scheme[0].length);
  const noQuery = afterScheme.split('?')[0]!;
  if (noQuery.startsWith('//')) {
    const authEnd = noQuery.slice(2).search(/\//);
    const authority = authEnd < 0 ? noQuery.slice(2) : noQuery.slice(2, 2 + authEnd);
    const at = authority.lastIndexOf('@');
    // Go's url.Parse checks the userinfo's characters before the host.
    if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) return `parse ${q(raw)}: net/url: invalid userinfo`;
    const host = authority.slice(at + 1);
    const port = /:([^\]]*)$/.exec(host);
    if (port !== null && !host.startsWith('[') && !/^\d*$/.test(port[1]!)) return `parse ${q(raw)}: invalid port ${q(`:${port[1]}`)} after host`;
    const hostErr = hostError(host.replace(/:\d*$/, ''));
    if (hostErr !== undefined) return `parse ${q(raw)}: ${hostErr}`;
  }
  const bad = badEscape(noQuery);
  if (bad !== undefined) return `parse ${q(raw)}: invalid URL escape ${q(bad)}`;
  return undefined;
}

function badEscape(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') continue;
    const h = s.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(h)) return s.slice(i, i + 3);
  }
  return undefined;
}

/** Go's unescape in host mode: the first bad %-escape or character not allowed in a host name. */
function hostError(host: string): string | undefined {
  const q = (s: string): string => JSON.stringify(s);
  for (let i = 0; i < host.length; i++) {
    const c = host[i]!;
    if (c === '%') {
      const h = host.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) return `invalid URL escape ${q(host.slice(i, i + 3))}`;
      i += 2;
      continue;
    }
    if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9\-_.~!$&'()*+,;=:\[\]<>"]/.test(c)) return `invalid character ${q(c)} in host name`;
  }
  return undefined;
}
