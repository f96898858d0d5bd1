/**
 * `tsglove dashboard <storage>`: a read-only local web page over a study database (node:http on
 * 127.0.0.1). Routes: `GET /` the page, `GET /api/studies` the studies, `GET /api/studies/<name>`
 * one study and its trials. Anything else is 404; other methods 405.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SharedStudyStorage } from '@tsglove/search';
import { dashboardPage } from './page.js';

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `storage` (which the dashboard does not close) on `host:port` (port 0: any free one). */
export async function startDashboard(storage: SharedStudyStorage, options: { host?: string; port?: number; title?: string } = {}): Promise<Dashboard> {
  const page = dashboardPage(options.title ?? storage.url);
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    const json = (status: number, value: unknown) => send(status, 'application/json; charset=utf-8', JSON.stringify(value));
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'the dashboard is read-only' });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handle = async () => {
      if (path === '/' || path === '/index.html') return send(200, 'text/html; charset=utf-8', page);
      if (path === '/api/studies') return json(200, await storage.listStudies());
      const m = /^\/api\/studies\/([^/]+)$/.exec(path);
      if (m) {
        const name = decodeURIComponent(m[1]!);
        const study = await storage.getStudy(name);
        if (!study) return json(404, { error: `no study named ${JSON.stringify(name)}` });
        return json(200, { study, trials: await storage.listTrials(name) });
      }
      return json(404, { error: `no route ${path}` });
    };
    handle().catch((error: Error) => json(500, { error: error.message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
