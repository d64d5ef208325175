/**
 * Static server for the demo EHR under demo/ (synthetic data only), bound to 127.0.0.1.
 * GET/HEAD serve files; POST /api/notes/:id/finalize answers {"ok":true,"noteId":id} and is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, relative, resolve, sep } from 'node:path';

// From the working directory (the repo root under npm scripts), so the bundled demo finds it too.
const ROOT = resolve('demo');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface DemoServer {
  url: string;
  finalizeRequests(): string[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', head = false): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(head ? undefined : body);
}

/** Maps a raw request path to a file under ROOT, or null for anything outside it or malformed. */
function fileFor(rawPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return null;
  const file = resolve(ROOT, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  return file.startsWith(ROOT + sep) ? file : null;
}

async function handle(req: IncomingMessage, res: ServerResponse, finalized: string[]): Promise<void> {
  const rawPath = (req.url ?? '/').split(/[?#]/)[0];
  if (rawPath === '/api' || rawPath.startsWith('/api/')) {
    const m = /^\/api\/notes\/([A-Za-z0-9_-]{1,64})\/finalize$/.exec(rawPath);
    if (req.method === 'POST' && m) {
      finalized.push(m[1]);
      return send(res, 200, JSON.stringify({ ok: true, noteId: m[1] }), TYPES['.json']);
    }
    return send(res, 404, JSON.stringify({ ok: false, error: 'not found' }), TYPES['.json']);
  }
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) return send(res, 405, 'Method not allowed');
  const file = fileFor(rawPath);
  const info = file ? await stat(file).catch(() => null) : null;
  if (info?.isDirectory()) {
    res.writeHead(301, { Location: `/${relative(ROOT, file!).split(sep).join('/')}/`, 'Content-Length': 0 });
    return void res.end();
  }
  const type = file ? TYPES[extname(file).toLowerCase()] : undefined;
  if (!file || !info?.isFile() || !type) return send(res, 404, 'Not found', undefined, head);
  const body = await readFile(file);
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(head ? undefined : body);
}

export async function startDemoServer(opts: { port?: number } = {}): Promise<DemoServer> {
  const finalized: string[] = [];
  const server = createServer((req, res) => {
    req.resume(); // drain any request body
    handle(req, res, finalized).catch(() => (res.headersSent ? res.destroy() : send(res, 500, 'Internal error')));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    finalizeRequests: () => [...finalized],
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((err) => (err ? fail(err) : ok()));
        server.closeAllConnections();
      }),
  };
}
