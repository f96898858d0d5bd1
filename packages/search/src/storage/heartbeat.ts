/**
 * The lease keeper: a worker thread that extends the leases of the trials this storage holds,
 * every `heartbeatMs`, through its own database connection. Running on its own thread, it keeps
 * beating while the main thread is busy with a long synchronous evaluation; it stops when the
 * process dies or is frozen (SIGSTOP), and then the leases expire `staleMs` after the last beat.
 *
 * A beat that fails (SQLite locked by another process past the thread's short busy timeout, a
 * dropped PostgreSQL connection, a server restart) is counted and retried at the next beat; it
 * never throws into the process. The thread starts with the first held trial and is `unref`'d.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Where the keeper connects: a SQLite file, or a PostgreSQL server and schema. */
export type LeaseTarget =
  | { kind: 'sqlite'; path: string; busyTimeoutMs: number }
  | { kind: 'postgres'; connectionString: string; schema: string; applicationName: string };

/** The database's clock in ms since the epoch (PostgreSQL), so hosts with skewed clocks agree. */
export const PG_NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

// Plain CommonJS run with `eval: true` (so it runs the same from sources and from dist/).
const THREAD = String.raw`
const { parentPort, workerData: w } = require('node:worker_threads');
const held = new Map();
let db, client, busy = false;
const report = (error) => parentPort.postMessage({ type: 'error', message: String(error && error.message || error), code: error && error.code });
function beatSqlite() {
  if (!db) {
    const Database = require(w.driver);
    db = new Database(w.target.path, { timeout: w.target.busyTimeoutMs });
    db.pragma('busy_timeout = ' + w.target.busyTimeoutMs);
  }
  const now = Date.now();
  const stmt = db.prepare("UPDATE tsglove_trials SET heartbeat_at = ?, lease_until = ? WHERE study = ? AND id = ? AND lease = ? AND status = 'running'");
  db.transaction(() => { for (const h of held.values()) stmt.run(now, now + w.staleMs, h.study, h.id, h.lease); }).immediate();
}
async function beatPostgres() {
  if (!client) {
    const pg = require(w.driver);
    const c = new pg.Client({ connectionString: w.target.connectionString, application_name: w.target.applicationName, options: '-c search_path=' + w.target.schema, connectionTimeoutMillis: Math.max(1000, w.heartbeatMs) });
    c.on('error', () => { if (client === c) client = undefined; });
    await c.connect();
    client = c;
  }
  const rows = [...held.values()];
  await client.query("UPDATE tsglove_trials t SET heartbeat_at = " + w.now + ", lease_until = " + w.now + " + $1 FROM unnest($2::text[], $3::int[], $4::int[]) AS h(study, id, lease) WHERE t.study = h.study AND t.id = h.id AND t.lease = h.lease AND t.status = 'running'",
    [w.staleMs, rows.map((h) => h.study), rows.map((h) => h.id), rows.map((h) => h.lease)]);
}
async function beat() {
  if (busy || held.size === 0) return;
  busy = true;
  try {
    if (w.target.kind === 'sqlite') beatSqlite(); else await beatPostgres();
    parentPort.postMessage({ type: 'beat' });
  } catch (error) {
    if (client) { client.end().catch(() => {}); client = undefined; }
    report(error);
  } finally {
    busy = false;
  }
}
const timer = setInterval(beat, w.heartbeatMs);
parentPort.on('message', (m) => {
  if (m.type === 'hold') held.set(m.study + '\u0000' + m.id, m);
  else if (m.type === 'release') held.delete(m.study + '\u0000' + m.id);
  else if (m.type === 'stop') {
    clearInterval(timer);
    try { if (db) db.close(); } catch {}
    Promise.resolve(client && client.end()).catch(() => {}).finally(() => parentPort.close());
  }
});
`;

/** Keeps the leases of held trials alive from a worker thread (see the module comment). */
export class LeaseKeeper {
  private worker: Worker | undefined;
  private readonly held = new Map<string, { study: string; id: number; lease: number }>();
  /** Beats that went through, and beats that failed (and were retried at the next one). */
  readonly stats = { beats: 0, errors: 0, lastError: undefined as string | undefined };

  constructor(
    private readonly target: LeaseTarget,
    private readonly options: { heartbeatMs: number; staleMs: number },
  ) {}

  private thread(): Worker {
    if (this.worker) return this.worker;
    const require = createRequire(import.meta.url);
    const driver = require.resolve(this.target.kind === 'sqlite' ? 'better-sqlite3' : 'pg');
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: { target: this.target, driver, heartbeatMs: this.options.heartbeatMs, staleMs: this.options.staleMs, now: PG_NOW_MS },
    });
    worker.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'beat') this.stats.beats++;
      else if (m.type === 'error') {
        this.stats.errors++;
        this.stats.lastError = m.message;
      }
    });
    worker.on('error', (error) => {
      this.stats.errors++;
      this.stats.lastError = error.message;
      this.worker = undefined; // a new thread is started at the next hold
    });
    worker.unref();
    this.worker = worker;
    // A replacement thread (the last one failed) takes over every held lease.
    for (const h of this.held.values()) worker.postMessage({ type: 'hold', ...h });
    return worker;
  }

  /** Starts beating for trial `id` of `study` under `lease`. */
  hold(study: string, id: number, lease: number): void {
    const fresh = !this.worker;
    this.held.set(`${study}\u0000${id}`, { study, id, lease });
    const worker = this.thread();
    if (!fresh) worker.postMessage({ type: 'hold', study, id, lease });
  }

  /** Stops beating for the trial (it ended, or its lease was lost). */
  release(study: string, id: number): void {
    if (!this.held.delete(`${study}\u0000${id}`)) return;
    this.worker?.postMessage({ type: 'release', study, id });
  }

  /** Stops the thread (the held leases then expire after `staleMs`). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop' });
    const timeout = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timeout);
  }
}
