/**
 * Chrome match patterns ("https://*.example.com/*"), for the subset site profiles use: scheme http, https
 * or * (either), host * / *.domain / a host or IPv4 address, optional :port or :*, and a path glob.
 * As in Chrome, a pattern without a port matches every port (so "http://localhost/*" matches :5173),
 * and the path glob is matched against the URL's path and query. No RegExp is built from a pattern.
 */

export interface MatchPattern {
  scheme: '*' | 'http' | 'https';
  /** Lower case, without the "*." of a subdomain wildcard; "*" for any host. */
  host: string;
  /** "*.example.com": example.com and every subdomain of it. */
  subdomains: boolean;
  /** null or "*": any port. */
  port: string | null;
  path: string;
}

const PATTERN = /^(\*|https?):\/\/([^/:]*)(?::([^/]*))?(\/.*)$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** null when the text is not a pattern of the supported subset. */
export function parseMatchPattern(pattern: string): MatchPattern | null {
  if (typeof pattern !== 'string' || pattern.length > 500 || /\s/.test(pattern)) return null;
  const m = PATTERN.exec(pattern);
  if (!m) return null;
  const [, scheme, rawHost, port, path] = m;
  let host = rawHost.toLowerCase();
  const subdomains = host.startsWith('*.');
  if (subdomains) host = host.slice(2);
  if (host !== '*' || subdomains) {
    const labels = host.split('.');
    if (host.length > 253 || !labels.every((l) => LABEL.test(l))) return null;
  }
  if (port !== undefined && port !== '*' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return null;
  return { scheme: scheme as MatchPattern['scheme'], host, subdomains, port: port ?? null, path };
}

/**
 * A pattern that names every site (host "*", as in "https://*" + "/path") or every site under a top-level label
 * (host "*.com"):
 * never a site profile's host (validate-site.ts rejects it), never registered nor offered for a grant (select.ts).
 */
export const namesEverySite = (p: MatchPattern): boolean => p.host === '*' || (p.subdomains && !p.host.includes('.'));

/** "*" matches any run of characters (including "/"); everything else matches itself. */
export function globMatch(glob: string, text: string): boolean {
  let g = 0,
    t = 0,
    star = -1,
    resume = 0;
  while (t < text.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = t;
    } else if (g < glob.length && glob[g] === text[t]) {
      g++;
      t++;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else return false;
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

function matchesOne(p: MatchPattern, url: URL): boolean {
  const scheme = url.protocol.slice(0, -1);
  if (p.scheme === '*' ? scheme !== 'http' && scheme !== 'https' : scheme !== p.scheme) return false;
  const host = url.hostname.toLowerCase();
  if (p.host !== '*' || p.subdomains) {
    if (host !== p.host && !(p.subdomains && host.endsWith(`.${p.host}`))) return false;
  }
  if (p.port !== null && p.port !== '*') {
    const port = url.port || (scheme === 'https' ? '443' : '80');
    if (port !== String(Number(p.port))) return false;
  }
  return globMatch(p.path, url.pathname + url.search);
}

/** True when the URL matches at least one pattern; invalid patterns and URLs match nothing. */
export function matchesUrl(patterns: string[], url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!Array.isArray(patterns)) return false;
  return patterns.some((text) => {
    const p = parseMatchPattern(text);
    return p !== null && matchesOne(p, parsed);
  });
}

/** True when the URL is on a host one pattern names, whatever its path; patterns naming every site match nothing. */
export function matchesHost(patterns: string[], url: string): boolean {
  return matchesUrl(
    (Array.isArray(patterns) ? patterns : []).map((text) => {
      const p = parseMatchPattern(text);
      return p && !namesEverySite(p) ? `${text.slice(0, text.length - p.path.length)}/*` : '';
    }),
    url,
  );
}

/**
 * The URL a frame is matched by. A frame without a URL of its own (about:blank or about:srcdoc written by
 * script, blob:, data:) gets the content scripts for the origin it inherits (match_about_blank,
 * match_origin_as_fallback), so it is matched by that origin: with the inheriting document's base URL when
 * it is of the same origin (the parent's page, for about: frames), else the origin's root. The origin comes
 * from the browser, not the page; a data: frame's opaque origin falls back to its parent's origin. Where the browser
 * tells no origin (Firefox has no ancestorOrigins, and its about:srcdoc and about:blank locations say "null"), an
 * http(s) base URL is the page's: those frames inherit it. A Firefox data: frame has neither, and matches nothing.
 */
export function frameUrl(
  loc: Pick<Location, 'href' | 'protocol' | 'origin'> & { ancestorOrigins?: { length: number; [i: number]: string } },
  baseURI: string,
): string {
  if (loc.protocol === 'http:' || loc.protocol === 'https:') return loc.href;
  const origin = loc.origin && loc.origin !== 'null' ? loc.origin : loc.ancestorOrigins?.[0];
  // No origin to check it by (Firefox: no ancestorOrigins, and "null" for about: frames): the base URL they inherit.
  if (!origin || origin === 'null') return /^https?:/.test(baseURI) ? baseURI : loc.href;
  try {
    const base = new URL(baseURI);
    if ((base.protocol === 'http:' || base.protocol === 'https:') && base.origin === origin) return base.href;
  } catch {
    // no usable base URL: the origin's root
  }
  return `${origin}/`;
}
