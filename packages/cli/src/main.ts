/** The `tsglove` entry point (run by `bin/tsglove.js` under tsx). */
import { run } from './program.js';

const code = await run(process.argv.slice(2));
// A dashboard keeps serving after `run` resolves; other commands end here.
if (code !== 0) process.exit(code);
