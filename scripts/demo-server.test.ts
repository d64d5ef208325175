import { request } from 'node:http';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';

/** Raw GET, so paths like /../x reach the server unnormalised (fetch would normalise them). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(url, { path, method: 'GET' }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => (body += c))
        .on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail).end();
  });
}

describe('demo server', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('binds to 127.0.0.1 on an ephemeral port', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
  });

  it('serves the note screen and its script with the right content types', async () => {
    const html = await fetch(`${server.url}/ehr/index.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('<div id="app"');
    const js = await fetch(`${server.url}/ehr/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const head = await fetch(`${server.url}/ehr/app.css`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('404s a missing file and refuses path traversal', async () => {
    expect((await fetch(`${server.url}/ehr/missing.html`)).status).toBe(404);
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/ehr/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%2fpackage.json',
      '/%2e%2e%5cpackage.json',
      '/%ZZ',
    ]) {
      const res = await rawGet(server.url, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('finalize-guard');
    }
  });

  it('records POST /api/notes/:id/finalize and 404s other api paths', async () => {
    const res = await fetch(`${server.url}/api/notes/note-20001/finalize`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, noteId: 'note-20001' });
    await fetch(`${server.url}/api/notes/note-20002/finalize`, { method: 'POST' });
    expect((await fetch(`${server.url}/api/notes/note-20001/finalize`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/notes/note-20001`, { method: 'POST' })).status).toBe(404);
    expect(server.finalizeRequests()).toEqual(['note-20001', 'note-20002']);
  });
});
