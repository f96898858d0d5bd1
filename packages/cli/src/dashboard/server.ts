/**
 * `tsglove dashboard <storage>`: a read-only local web page over a study database (node:http on
 * 127.0.0.1). Routes: `GET /` the page, `GET /api/studies` the studies, `GET /api/studies/<name>`
 * one study and its trials, and the explaining views' routes (`explain-routes.ts`) (expired trials are reaped first, so a study never shows a dead worker's
 * trial as running for ever). Anything else is 404; other methods 405; a bad %-escape 400.
 *
 * Security: the storage URL is shown without credentials. A request whose `Host` header is not the
 * address the server bound (or `localhost`/loopback on its port, or an `allowHosts` entry) gets 403,
 * which defeats DNS rebinding; no CORS headers are sent, so other origins cannot read the API. With
 * a `token`, every request must carry it (`Authorization: Bearer`, `?token=`, or the cookie the page
 * sets after a `?token=` visit); binding anything but loopback requires one.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readStudyRecords, redactUrl, type SharedStudyStorage } from '@tsglove/search';
import { dashboardPage } from './page.js';
import { explainRoutes } from './explain-routes.js';
import type { TrialContext } from './trial-detail.js';

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:<port>/` (with `?token=` when the dashboard has a token). */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** Address to bind (default 127.0.0.1); anything but loopback needs `token`. */
  host?: string;
  /** Port (0: any free one). */
  port?: number;
  /** Page title (default: the storage URL, redacted). */
  title?: string;
  /** Extra `Host` header values to accept (e.g. a DNS name that points here), with or without `:port`. */
  allowHosts?: readonly string[];
  /** A secret every request must carry (see the module comment). */
  token?: string;
  /** The studies' space and an accelerator, for the trial page (see `trial-detail.ts`). */
  space?: TrialContext['space'];
  accelerator?: TrialContext['accelerator'];
}

/** Whether `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Serves `storage` (which the dashboard does not close) on `host:port`; see the module comment. */
export async function startDashboard(storage: SharedStudyStorage, options: DashboardOptions = {}): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token;
  if (!isLoopback(host) && !token) throw new Error(`the dashboard binds ${host}, which is not loopback: give it a token`);
  const page = dashboardPage(redactUrl(options.title ?? storage.url));
  let allowed = new Set<string>();
  const explain = explainRoutes(storage, { space: options.space, accelerator: options.accelerator });
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        ...extra,
      });
      res.end(body);
    };
    const json = (status: number, value: unknown) => send(status, 'application/json; charset=utf-8', JSON.stringify(value));
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowed.has(hostHeader)) {
      return json(403, {
        error: `Host ${JSON.stringify(hostHeader)} is not this dashboard's address; start it with --allow-host ${hostHeader.replace(/:\d+$/, '') || '<name>'} to accept it`,
      });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let setCookie: Record<string, string> = {};
    if (token) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const query = url.searchParams.get('token') ?? undefined;
      if (![bearer, query, cookie(req, 'tsglove_token')].some((t) => sameSecret(t, token)))
        return json(401, { error: 'this dashboard needs its token (?token=… or Authorization: Bearer …)' });
      if (sameSecret(query, token)) setCookie = { 'set-cookie': `tsglove_token=${token}; HttpOnly; SameSite=Strict; Path=/` };
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'the dashboard is read-only' });
    const path = url.pathname;
    const handle = async () => {
      if (path === '/' || path === '/index.html') return send(200, 'text/html; charset=utf-8', page, setCookie);
      if (path === '/api/studies') return json(200, await storage.listStudies());
      const m = /^\/api\/studies\/([^/]+)$/.exec(path);
      if (m) {
        let name: string;
        try {
          name = decodeURIComponent(m[1]!);
        } catch {
          return json(400, { error: `malformed %-escape in ${JSON.stringify(m[1])}` });
        }
        if (!(await storage.getStudy(name))) return json(404, { error: `no study named ${JSON.stringify(name)}` });
        await storage.requeueStale(name).catch(() => undefined); // reaping is best effort for a viewer
        // The typed reader: an older record format reaches the page migrated, a damaged record is an error naming it.
        return json(200, await readStudyRecords(storage, name));
      }
      const explained = await explain(path);
      if (explained) return json(explained.status, explained.body);
      return json(404, { error: `no route ${path}` });
    };
    handle().catch((error: Error) => json(500, { error: redactUrl(error.message) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const bound = address.includes(':') ? `[${address}]` : address;
  const names = [bound, 'localhost', '127.0.0.1', '[::1]', ...(isLoopback(host) ? [] : [host])];
  const extra = options.allowHosts ?? [];
  allowed = new Set([...names.map((n) => `${n}:${port}`), ...extra, ...extra.map((n) => `${n}:${port}`)].map((n) => n.toLowerCase()));
  return {
    url: `http://${bound}:${port}/${token ? `?token=${encodeURIComponent(token)}` : ''}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
