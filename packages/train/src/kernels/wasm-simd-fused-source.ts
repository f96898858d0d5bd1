/**
 * WebAssembly text of the SIMD kernels behind the fused batch-norm and swish ops (`fused-ops.ts`),
 * part of the module `wasm-simd-source.ts` assembles. Tensors are `[rows, c]` (NHWC flattened,
 * c % 4 == 0) at byte offsets in the tf.js wasm heap; per-channel vectors are `[c]`.
 *
 * - `bn_sqdev(x, rows, c, mean, out)`: out[c] = Σ_r (x[r, c] − mean[c])².
 * - `affine(x, rows, c, scale, shift, y)`: y[r, c] = x[r, c]·scale[c] + shift[c].
 * - `bn_grad_sums(dy, x, rows, c, mean, s1, s2)`: s1[c] = Σ_r dy[r, c], s2[c] = Σ_r dy[r, c]·(x[r, c] − mean[c]).
 * - `affine2(dy, x, rows, c, k, p, q, out)`: out[r, c] = k[c]·dy[r, c] + p[c]·x[r, c] + q[c].
 * - `swish_grad(dz, x, s, n, out)`: out[i] = dz[i]·s[i]·(1 + x[i]·(1 − s[i])) over n floats (n % 4 == 0),
 *   where s = σ(x).
 */

/** A loop over rows × channel vectors: `$r` rows, channel byte offset `$cc`; `body` sees both. */
function rowsByChannels(body: string, perRowEnd = ''): string {
  return `
    (block $rDone (loop $rLoop
      local.get $r local.get $rows i32.ge_u br_if $rDone
      i32.const 0 local.set $cc
      (block $cDone (loop $cLoop
        local.get $cc local.get $cb i32.ge_u br_if $cDone
        ${body}
        local.get $cc i32.const 16 i32.add local.set $cc
        br $cLoop))
      ${perRowEnd}
      local.get $r i32.const 1 i32.add local.set $r
      br $rLoop))`;
}

const zero = (ptr: string): string => `
    i32.const 0 local.set $cc
    (block $zDone (loop $zLoop
      local.get $cc local.get $cb i32.ge_u br_if $zDone
      local.get ${ptr} local.get $cc i32.add v128.const i32x4 0 0 0 0 v128.store
      local.get $cc i32.const 16 i32.add local.set $cc
      br $zLoop))`;

const sqdev = `
  (func (export "bn_sqdev") (param $x i32) (param $rows i32) (param $c i32) (param $mean i32) (param $out i32)
    (local $r i32) (local $cc i32) (local $cb i32) (local $d v128)
    local.get $c i32.const 4 i32.mul local.set $cb
    ${zero('$out')}
    ${rowsByChannels(
      `
        local.get $x local.get $cc i32.add v128.load local.get $mean local.get $cc i32.add v128.load f32x4.sub local.set $d
        local.get $out local.get $cc i32.add
        local.get $out local.get $cc i32.add v128.load local.get $d local.get $d f32x4.mul f32x4.add v128.store`,
      'local.get $x local.get $cb i32.add local.set $x',
    )}
  )`;

const affine = `
  (func (export "affine") (param $x i32) (param $rows i32) (param $c i32) (param $scale i32) (param $shift i32) (param $y i32)
    (local $r i32) (local $cc i32) (local $cb i32)
    local.get $c i32.const 4 i32.mul local.set $cb
    ${rowsByChannels(
      `
        local.get $y local.get $cc i32.add
        local.get $x local.get $cc i32.add v128.load local.get $scale local.get $cc i32.add v128.load f32x4.mul
        local.get $shift local.get $cc i32.add v128.load f32x4.add v128.store`,
      'local.get $x local.get $cb i32.add local.set $x local.get $y local.get $cb i32.add local.set $y',
    )}
  )`;

const gradSums = `
  (func (export "bn_grad_sums") (param $dy i32) (param $x i32) (param $rows i32) (param $c i32) (param $mean i32) (param $s1 i32) (param $s2 i32)
    (local $r i32) (local $cc i32) (local $cb i32) (local $g v128)
    local.get $c i32.const 4 i32.mul local.set $cb
    ${zero('$s1')}
    ${zero('$s2')}
    ${rowsByChannels(
      `
        local.get $dy local.get $cc i32.add v128.load local.set $g
        local.get $s1 local.get $cc i32.add local.get $s1 local.get $cc i32.add v128.load local.get $g f32x4.add v128.store
        local.get $s2 local.get $cc i32.add local.get $s2 local.get $cc i32.add v128.load
        local.get $x local.get $cc i32.add v128.load local.get $mean local.get $cc i32.add v128.load f32x4.sub local.get $g f32x4.mul
        f32x4.add v128.store`,
      'local.get $x local.get $cb i32.add local.set $x local.get $dy local.get $cb i32.add local.set $dy',
    )}
  )`;

const affine2 = `
  (func (export "affine2") (param $dy i32) (param $x i32) (param $rows i32) (param $c i32) (param $k i32) (param $p i32) (param $q i32) (param $out i32)
    (local $r i32) (local $cc i32) (local $cb i32)
    local.get $c i32.const 4 i32.mul local.set $cb
    ${rowsByChannels(
      `
        local.get $out local.get $cc i32.add
        local.get $dy local.get $cc i32.add v128.load local.get $k local.get $cc i32.add v128.load f32x4.mul
        local.get $x local.get $cc i32.add v128.load local.get $p local.get $cc i32.add v128.load f32x4.mul f32x4.add
        local.get $q local.get $cc i32.add v128.load f32x4.add v128.store`,
      'local.get $x local.get $cb i32.add local.set $x local.get $dy local.get $cb i32.add local.set $dy local.get $out local.get $cb i32.add local.set $out',
    )}
  )`;

const swishGrad = `
  (func (export "swish_grad") (param $dz i32) (param $x i32) (param $s i32) (param $n i32) (param $out i32)
    (local $end i32) (local $sv v128)
    local.get $out local.get $n i32.const 4 i32.mul i32.add local.set $end
    (block $done (loop $loop
      local.get $out local.get $end i32.ge_u br_if $done
      local.get $s v128.load local.set $sv
      local.get $out
      local.get $dz v128.load local.get $sv f32x4.mul
      v128.const f32x4 1 1 1 1
      local.get $x v128.load v128.const f32x4 1 1 1 1 local.get $sv f32x4.sub f32x4.mul
      f32x4.add f32x4.mul v128.store
      local.get $out i32.const 16 i32.add local.set $out
      local.get $dz i32.const 16 i32.add local.set $dz
      local.get $x i32.const 16 i32.add local.set $x
      local.get $s i32.const 16 i32.add local.set $s
      br $loop))
  )`;

/** The fused-op kernels' functions, spliced into the module text. */
export const FUSED_WAT = [sqdev, affine, gradSums, affine2, swishGrad].join('\n');
