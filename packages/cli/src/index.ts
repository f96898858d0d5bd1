/**
 * @tsglove/cli — the `tsglove` command line: `search`, `study list|show|export|reap`, `hw estimate`,
 * `dashboard`. Exported for tests and for programs that embed the commands.
 */
export { run, buildProgram } from './program.js';
export { CliError, EXIT } from './errors.js';
export type { CliIO } from './io.js';
export { ALGORITHMS, makeAlgorithm } from './algorithms.js';
export { loadSpaceModule, type SpaceModule } from './space-module.js';
export { startDashboard, isLoopback, type Dashboard, type DashboardOptions } from './dashboard/server.js';
export { dashboardPage, refreshInterval } from './dashboard/page.js';
export { trialsCsv, trialsJsonLines, trialRows } from './commands/trial-table.js';
