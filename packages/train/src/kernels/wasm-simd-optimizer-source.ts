/**
 * WebAssembly text of the SIMD optimizer steps (`optimizer-kernels.ts`), part of the module
 * `wasm-simd-source.ts` assembles: the loops of `optimizer-loops.ts` four floats at a time, with the
 * same operations in the same order (no fused multiply-add), so they give the same bits. `n` is a
 * multiple of 4 (the caller runs the JS loop on a variable's last 1–3 floats); pointers are byte
 * offsets in the tf.js wasm heap; scalars are float32.
 *
 * - `sgd_step(w, g, v, n, lr, mu, wd, flags, outW, outV)`: flags 1 = weight decay, 2 = Nesterov,
 *   4 = momentum (v and outV are read and written only then).
 * - `adam_step(w, g, m, v, n, lr, b1, b2, omb1, omb2, c1, c2, eps, lrwd, decay, outW, outM, outV)`.
 * - `axpby(a, b, n, alpha, beta, out)`: out = α·a + β·b.
 */

/** A loop over `n` floats from `$w`, advancing the listed pointers by one vector each pass. */
function vectorLoop(first: string, pointers: string[], body: string): string {
  return `
    local.get ${first} local.get $n i32.const 4 i32.mul i32.add local.set $end
    (block $done (loop $loop
      local.get ${first} local.get $end i32.ge_u br_if $done
      ${body}
      ${pointers.map((p) => `local.get ${p} i32.const 16 i32.add local.set ${p}`).join('\n      ')}
      br $loop))`;
}

const sgdStep = `
  (func (export "sgd_step") (param $w i32) (param $g i32) (param $v i32) (param $n i32)
    (param $lr f32) (param $mu f32) (param $wd f32) (param $flags i32) (param $ow i32) (param $ov i32)
    (local $end i32) (local $lrv v128) (local $muv v128) (local $wdv v128)
    (local $wv v128) (local $gv v128) (local $nv v128) (local $sv v128)
    local.get $lr f32x4.splat local.set $lrv
    local.get $mu f32x4.splat local.set $muv
    local.get $wd f32x4.splat local.set $wdv
    ${vectorLoop(
      '$w',
      ['$w', '$g', '$v', '$ow', '$ov'],
      `
      local.get $w v128.load local.set $wv
      local.get $g v128.load local.set $gv
      (if (i32.and (local.get $flags) (i32.const 1))
        (then local.get $gv local.get $wv local.get $wdv f32x4.mul f32x4.add local.set $gv))
      local.get $gv local.set $sv
      (if (i32.and (local.get $flags) (i32.const 4))
        (then
          local.get $v v128.load local.get $muv f32x4.mul local.get $gv f32x4.add local.set $nv
          local.get $ov local.get $nv v128.store
          local.get $nv local.set $sv
          (if (i32.and (local.get $flags) (i32.const 2))
            (then local.get $gv local.get $nv local.get $muv f32x4.mul f32x4.add local.set $sv))))
      local.get $ow local.get $wv local.get $sv local.get $lrv f32x4.mul f32x4.sub v128.store`,
    )}
  )`;

const adamStep = `
  (func (export "adam_step") (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $lr f32) (param $b1 f32) (param $b2 f32) (param $omb1 f32) (param $omb2 f32)
    (param $c1 f32) (param $c2 f32) (param $eps f32) (param $lrwd f32) (param $decay i32)
    (param $ow i32) (param $om i32) (param $ov i32)
    (local $end i32) (local $wv v128) (local $gv v128) (local $nm v128) (local $nv v128) (local $next v128)
    ${vectorLoop(
      '$w',
      ['$w', '$g', '$m', '$v', '$ow', '$om', '$ov'],
      `
      local.get $w v128.load local.set $wv
      local.get $g v128.load local.set $gv
      local.get $m v128.load local.get $b1 f32x4.splat f32x4.mul
      local.get $gv local.get $omb1 f32x4.splat f32x4.mul f32x4.add local.set $nm
      local.get $v v128.load local.get $b2 f32x4.splat f32x4.mul
      local.get $gv local.get $gv f32x4.mul local.get $omb2 f32x4.splat f32x4.mul f32x4.add local.set $nv
      local.get $om local.get $nm v128.store
      local.get $ov local.get $nv v128.store
      local.get $wv
      local.get $nm local.get $c1 f32x4.splat f32x4.div
      local.get $nv local.get $c2 f32x4.splat f32x4.div f32x4.sqrt local.get $eps f32x4.splat f32x4.add
      f32x4.div local.get $lr f32x4.splat f32x4.mul f32x4.sub local.set $next
      (if (local.get $decay)
        (then local.get $next local.get $wv local.get $lrwd f32x4.splat f32x4.mul f32x4.sub local.set $next))
      local.get $ow local.get $next v128.store`,
    )}
  )`;

const axpby = `
  (func (export "axpby") (param $a i32) (param $b i32) (param $n i32) (param $alpha f32) (param $beta f32) (param $out i32)
    (local $end i32)
    ${vectorLoop(
      '$a',
      ['$a', '$b', '$out'],
      `
      local.get $out
      local.get $a v128.load local.get $alpha f32x4.splat f32x4.mul
      local.get $b v128.load local.get $beta f32x4.splat f32x4.mul f32x4.add v128.store`,
    )}
  )`;

/** The optimizer kernels' functions, spliced into the module text. */
export const OPTIMIZER_WAT = [sgdStep, adamStep, axpby].join('\n');
