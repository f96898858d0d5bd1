/** The `tsglove` entry point: `bin/tsglove.js` runs it (compiled from an installed package, from sources in the repository). */
import { run } from './program.js';

// `tsglove study export ... | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const code = await run(process.argv.slice(2));
// A dashboard keeps serving after `run` resolves; other commands end here.
if (code !== 0) process.exit(code);
