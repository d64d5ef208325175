import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameUrl, globMatch, matchesUrl, parseMatchPattern } from './match-url';

const DEMO = ['http://127.0.0.1/*', 'http://localhost/*'];
const WEBPT = ['https://app.webpt.com/*', 'https://*.webpt.com/*'];

describe('matchesUrl', () => {
  it.each([
    [DEMO, 'http://127.0.0.1/demo/ehr/index.html', true],
    [DEMO, 'http://127.0.0.1:5173/demo/ehr/index.html?user=u-pta-jamie', true],
    [DEMO, 'http://localhost:8080/', true],
    [DEMO, 'http://LOCALHOST/x', true],
    [DEMO, 'https://127.0.0.1/', false],
    [DEMO, 'http://127.0.0.2/', false],
    [DEMO, 'http://localhost.evil.com/', false],
    [DEMO, 'http://evil.com/?http://localhost/', false],
    [DEMO, 'file:///tmp/index.html', false],
    [WEBPT, 'https://app.webpt.com/documentation/note/123', true],
    [WEBPT, 'https://emr.webpt.com/x', true],
    [WEBPT, 'https://webpt.com/', true],
    [WEBPT, 'https://a.b.webpt.com/', true],
    [WEBPT, 'http://app.webpt.com/', false],
    [WEBPT, 'https://app.webpt.com.evil.com/', false],
    [WEBPT, 'https://evilwebpt.com/', false],
    [WEBPT, 'https://webpt.com@evil.com/', false],
    [['*://*.example.com/*'], 'http://www.example.com/', true],
    [['*://*.example.com/*'], 'https://www.example.com/', true],
    [['*://*/*'], 'ftp://example.com/', false],
    [['http://localhost:5173/*'], 'http://localhost:5173/', true],
    [['http://localhost:5173/*'], 'http://localhost:5174/', false],
    [['http://localhost:5173/*'], 'http://localhost/', false],
    [['http://example.com:80/*'], 'http://example.com/', true],
    [['https://example.com:*/*'], 'https://example.com:8443/', true],
    [['https://*/foo*'], 'https://example.com/foo/bar.html', true],
    [['https://*/foo*'], 'https://example.com/bar/foo', false],
    [['https://*.google.com/foo*bar'], 'https://docs.google.com/foobar', true],
    [['https://*.google.com/foo*bar'], 'https://www.google.com/foo/baz/bar', true],
    [['https://*.google.com/foo*bar'], 'https://www.google.com/foo/baz/bar/', false],
    [['http://example.com/api/*'], 'http://example.com/api/x?y=1#frag', true],
    [['http://example.com/a'], 'http://example.com/a?q', false],
    [['http://example.com/a?q'], 'http://example.com/a?q', true],
    [['http://example.com/'], 'http://example.com', true],
    [['not a pattern', 'http://example.com/*'], 'http://example.com/', true],
    [['not a pattern'], 'http://example.com/', false],
    [DEMO, 'not a url', false],
  ])('%j matches %s: %s', (patterns, url, expected) => {
    expect(matchesUrl(patterns as string[], url)).toBe(expected);
  });

  it('never throws, whatever it is given', () => {
    expect(matchesUrl(null as never, 'http://localhost/')).toBe(false);
    expect(matchesUrl([42 as never], 'http://localhost/')).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.string()), fc.string(), (patterns, url) => {
        expect(typeof matchesUrl(patterns, url)).toBe('boolean');
      }),
    );
  });
});

describe('parseMatchPattern', () => {
  it('parses the supported subset', () => {
    expect(parseMatchPattern('https://*.WebPT.com/*')).toEqual({ scheme: 'https', host: 'webpt.com', subdomains: true, port: null, path: '/*' });
    expect(parseMatchPattern('http://127.0.0.1:5173/a')).toEqual({ scheme: 'http', host: '127.0.0.1', subdomains: false, port: '5173', path: '/a' });
    expect(parseMatchPattern('*://*/*')).toMatchObject({ scheme: '*', host: '*', subdomains: false });
  });
  it.each([
    '<all_urls>',
    'ftp://x.com/*',
    'file:///tmp/*',
    'http://x.com',
    'http://*x.com/*',
    'http://x.*/*',
    'http://x.com:0/*',
    'http://x.com:65536/*',
    'http://x.com:a/*',
    'http://*.*/*',
    'http://[::1]/*',
    'http://x .com/*',
    'http:// x.com/*',
    'http://-x.com/*',
    'http:///*',
  ])('refuses %s', (p) => expect(parseMatchPattern(p)).toBeNull());
});

describe('globMatch', () => {
  it.each([
    ['/*', '/', true],
    ['/*', '', false],
    ['*', '', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['*a', 'bbba', true],
    ['a**', 'a', true],
    ['/a.b', '/aXb', false],
    ['/a?b', '/aXb', false],
    ['/[x]', '/[x]', true],
  ])('%s ~ %s: %s', (glob, text, expected) => expect(globMatch(glob, text)).toBe(expected));

  // A backtracking matcher would never finish this (exponential), so the test's own timeout catches it;
  // how fast the linear one is: npm run bench.
  it('answers adversarial input', () => {
    expect(globMatch(`${'*a'.repeat(50)}b`, 'a'.repeat(5000))).toBe(false);
    expect(globMatch(`${'*a'.repeat(50)}`, 'a'.repeat(5000))).toBe(true);
  });
});

describe('frameUrl: frames without a URL of their own are matched by the origin they inherit', () => {
  const loc = (href: string, origin: string, ancestorOrigins: string[] = []) => ({ href, protocol: new URL(href).protocol, origin, ancestorOrigins });
  it.each([
    [
      'a page: its own URL',
      loc('http://127.0.0.1:5173/ehr/x?a=1', 'http://127.0.0.1:5173'),
      'http://127.0.0.1:5173/ehr/x?a=1',
      'http://127.0.0.1:5173/ehr/x?a=1',
    ],
    [
      'srcdoc: the parent page (base URL)',
      loc('about:srcdoc', 'http://127.0.0.1:5173'),
      'http://127.0.0.1:5173/ehr/index.html',
      'http://127.0.0.1:5173/ehr/index.html',
    ],
    ['about:blank: the parent page (base URL)', loc('about:blank', 'https://app.webpt.com'), 'https://app.webpt.com/note/1', 'https://app.webpt.com/note/1'],
    ['a base URL of another origin is ignored', loc('about:blank', 'https://app.webpt.com'), 'https://evil.example/', 'https://app.webpt.com/'],
    [
      'blob: the origin it was made by',
      loc('blob:http://localhost:8080/0b1c', 'http://localhost:8080'),
      'blob:http://localhost:8080/0b1c',
      'http://localhost:8080/',
    ],
    ['data: (opaque origin) the parent origin', loc('data:text/html,x', 'null', ['http://127.0.0.1:5173']), 'data:text/html,x', 'http://127.0.0.1:5173/'],
    ['data: without a known parent stays unmatched', loc('data:text/html,x', 'null'), 'data:text/html,x', 'data:text/html,x'],
    // Firefox: no ancestorOrigins, and an about: frame's location says "null" (sandboxed or not); its base URL is inherited.
    ['Firefox srcdoc: the base URL it inherits', loc('about:srcdoc', 'null'), 'http://127.0.0.1:5173/ehr/index.html', 'http://127.0.0.1:5173/ehr/index.html'],
    [
      'Firefox about:blank written by script: the base URL it inherits',
      loc('about:blank', 'null'),
      'https://app.webpt.com/note/1',
      'https://app.webpt.com/note/1',
    ],
  ])('%s', (_, location, baseURI, expected) => {
    expect(frameUrl(location, baseURI)).toBe(expected);
  });
  it('an about: frame of a page no profile matches matches nothing', () => {
    expect(matchesUrl(DEMO, frameUrl(loc('about:blank', 'https://evil.example'), 'https://evil.example/'))).toBe(false);
    expect(matchesUrl(DEMO, frameUrl(loc('about:srcdoc', 'http://127.0.0.1:5173'), 'http://127.0.0.1:5173/x'))).toBe(true);
  });
});
