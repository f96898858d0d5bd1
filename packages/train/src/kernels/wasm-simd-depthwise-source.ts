/**
 * WebAssembly text of the SIMD depthwise-convolution kernels (multiplier 1, dilation 1, channels
 * % 4 == 0, any stride and padding), part of the module `wasm-simd-source.ts` assembles. Pointers
 * are byte offsets in the tf.js wasm heap; one call handles one image (the caller loops over the
 * batch), so an image's input stays in cache. Channels go in tiles of 16 (4 `v128` accumulators),
 * then 4.
 *
 * - `dw_fwd(x, w, y, h, wd, c, oh, ow, fh, fw, sh, sw, pt, pl)`: y[oy, ox, c] =
 *   Σ_{kh,kw} x[oy·sh+kh−pt, ox·sw+kw−pl, c] · w[kh, kw, c] over the taps inside the image
 *   (x `[h, wd, c]`, w `[fh, fw, c]`, y `[oh, ow, c]`).
 * - `dw_dx(dy, w, dx, h, wd, c, oh, ow, fh, fw, sh, sw, pt, pl)`: the input gradient by scatter,
 *   dx[oy·sh+kh−pt, ox·sw+kw−pl, c] += dy[oy, ox, c] · w[kh, kw, c]; dx must start zeroed.
 * - `dw_dw_tap(x, dy, acc, wd, c, ow, sw, oyLo, oyHi, oxLo, oxHi, iy0, ix0, sh)`: one filter tap's
 *   gradient, acc[c] += Σ_{oy∈[oyLo,oyHi), ox∈[oxLo,oxHi)} x[oy·sh+iy0, ox·sw+ix0, c] · dy[oy, ox, c]
 *   (the caller gives the output range whose input pixel is inside the image).
 */

const vecs = (v: number, f: (j: number) => string): string => Array.from({ length: v }, (_, j) => f(j)).join('\n');

/** One channel tile of `dw_fwd`: `v` vectors at byte offset $cc. */
function fwdTile(v: number, tag: string): string {
  return `
      ${vecs(v, (j) => `v128.const i32x4 0 0 0 0 local.set $a${j}`)}
      local.get $khLo local.set $kh
      (block $khDone${tag} (loop $khLoop${tag}
        local.get $kh local.get $khHi i32.ge_s br_if $khDone${tag}
        ;; px = x + ((t + kh)·wd + u + kwLo)·cb + cc; pw = w + (kh·fw + kwLo)·cb + cc
        local.get $x local.get $t local.get $kh i32.add local.get $wd i32.mul local.get $u i32.add local.get $kwLo i32.add
        local.get $cb i32.mul i32.add local.get $cc i32.add local.set $px
        local.get $w local.get $kh local.get $fw i32.mul local.get $kwLo i32.add local.get $cb i32.mul i32.add local.get $cc i32.add local.set $pw
        local.get $kwLo local.set $kw
        (block $kwDone${tag} (loop $kwLoop${tag}
          local.get $kw local.get $kwHi i32.ge_s br_if $kwDone${tag}
          ${vecs(v, (j) => `local.get $a${j} local.get $px v128.load offset=${16 * j} local.get $pw v128.load offset=${16 * j} f32x4.mul f32x4.add local.set $a${j}`)}
          local.get $px local.get $cb i32.add local.set $px
          local.get $pw local.get $cb i32.add local.set $pw
          local.get $kw i32.const 1 i32.add local.set $kw
          br $kwLoop${tag}))
        local.get $kh i32.const 1 i32.add local.set $kh
        br $khLoop${tag}))
      ${vecs(v, (j) => `local.get $py local.get $cc i32.add local.get $a${j} v128.store offset=${16 * j}`)}`;
}

/** One channel tile of `dw_dx`: scatter dy's `v` vectors through the valid taps. */
function dxTile(v: number, tag: string): string {
  return `
      ${vecs(v, (j) => `local.get $py local.get $cc i32.add v128.load offset=${16 * j} local.set $a${j}`)}
      local.get $khLo local.set $kh
      (block $khDone${tag} (loop $khLoop${tag}
        local.get $kh local.get $khHi i32.ge_s br_if $khDone${tag}
        local.get $x local.get $t local.get $kh i32.add local.get $wd i32.mul local.get $u i32.add local.get $kwLo i32.add
        local.get $cb i32.mul i32.add local.get $cc i32.add local.set $px
        local.get $w local.get $kh local.get $fw i32.mul local.get $kwLo i32.add local.get $cb i32.mul i32.add local.get $cc i32.add local.set $pw
        local.get $kwLo local.set $kw
        (block $kwDone${tag} (loop $kwLoop${tag}
          local.get $kw local.get $kwHi i32.ge_s br_if $kwDone${tag}
          ${vecs(v, (j) => `local.get $px local.get $px v128.load offset=${16 * j} local.get $a${j} local.get $pw v128.load offset=${16 * j} f32x4.mul f32x4.add v128.store offset=${16 * j}`)}
          local.get $px local.get $cb i32.add local.set $px
          local.get $pw local.get $cb i32.add local.set $pw
          local.get $kw i32.const 1 i32.add local.set $kw
          br $kwLoop${tag}))
        local.get $kh i32.const 1 i32.add local.set $kh
        br $khLoop${tag}))`;
}

/**
 * `dw_fwd` / `dw_dx`: per output pixel, the tap range inside the image
 * (kh ∈ [max(0, −t), min(fh, h − t)) with t = oy·sh − pt; likewise kw with u = ox·sw − pl),
 * then channel tiles of 16 and 4. For dw_dx, "$x" is dx and "$y" is dy.
 */
function pixelKernel(name: string, tile: (v: number, tag: string) => string): string {
  return `
  (func (export "${name}") (param $x i32) (param $w i32) (param $y i32) (param $h i32) (param $wd i32) (param $c i32)
    (param $oh i32) (param $ow i32) (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $pt i32) (param $pl i32)
    (local $oy i32) (local $ox i32) (local $t i32) (local $u i32) (local $khLo i32) (local $khHi i32) (local $kwLo i32) (local $kwHi i32)
    (local $kh i32) (local $kw i32) (local $cc i32) (local $cb i32) (local $px i32) (local $pw i32) (local $py i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    local.get $c i32.const 4 i32.mul local.set $cb
    local.get $y local.set $py
    (block $yDone (loop $yLoop
      local.get $oy local.get $oh i32.ge_s br_if $yDone
      local.get $oy local.get $sh i32.mul local.get $pt i32.sub local.set $t
      i32.const 0 local.get $t i32.sub i32.const 0 local.get $t i32.const 0 i32.lt_s select local.set $khLo
      local.get $fh local.get $h local.get $t i32.sub local.get $fh local.get $h local.get $t i32.sub i32.lt_s select local.set $khHi
      i32.const 0 local.set $ox
      (block $xDone (loop $xLoop
        local.get $ox local.get $ow i32.ge_s br_if $xDone
        local.get $ox local.get $sw i32.mul local.get $pl i32.sub local.set $u
        i32.const 0 local.get $u i32.sub i32.const 0 local.get $u i32.const 0 i32.lt_s select local.set $kwLo
        local.get $fw local.get $wd local.get $u i32.sub local.get $fw local.get $wd local.get $u i32.sub i32.lt_s select local.set $kwHi
        i32.const 0 local.set $cc
        (block $c16Done (loop $c16Loop
          local.get $cc i32.const 64 i32.add local.get $cb i32.gt_s br_if $c16Done
          ${tile(4, '16')}
          local.get $cc i32.const 64 i32.add local.set $cc
          br $c16Loop))
        (block $c4Done (loop $c4Loop
          local.get $cc local.get $cb i32.ge_s br_if $c4Done
          ${tile(1, '4')}
          local.get $cc i32.const 16 i32.add local.set $cc
          br $c4Loop))
        local.get $py local.get $cb i32.add local.set $py
        local.get $ox i32.const 1 i32.add local.set $ox
        br $xLoop))
      local.get $oy i32.const 1 i32.add local.set $oy
      br $yLoop))
  )`;
}

/** One channel tile of `dw_dw_tap`: `v` accumulators streamed over the tap's output range. */
function dwTile(v: number, tag: string): string {
  return `
      ${vecs(v, (j) => `local.get $acc local.get $cc i32.add v128.load offset=${16 * j} local.set $a${j}`)}
      local.get $oyLo local.set $oy
      (block $yDone${tag} (loop $yLoop${tag}
        local.get $oy local.get $oyHi i32.ge_s br_if $yDone${tag}
        ;; px = x + ((oy·sh + iy0)·wd + oxLo·sw + ix0)·cb + cc; pd = dy + (oy·ow + oxLo)·cb + cc
        local.get $x local.get $oy local.get $sh i32.mul local.get $iy0 i32.add local.get $wd i32.mul
        local.get $oxLo local.get $sw i32.mul i32.add local.get $ix0 i32.add local.get $cb i32.mul i32.add local.get $cc i32.add local.set $px
        local.get $dy local.get $oy local.get $ow i32.mul local.get $oxLo i32.add local.get $cb i32.mul i32.add local.get $cc i32.add local.set $pd
        local.get $oxLo local.set $ox
        (block $xDone${tag} (loop $xLoop${tag}
          local.get $ox local.get $oxHi i32.ge_s br_if $xDone${tag}
          ${vecs(v, (j) => `local.get $a${j} local.get $px v128.load offset=${16 * j} local.get $pd v128.load offset=${16 * j} f32x4.mul f32x4.add local.set $a${j}`)}
          local.get $px local.get $xStep i32.add local.set $px
          local.get $pd local.get $cb i32.add local.set $pd
          local.get $ox i32.const 1 i32.add local.set $ox
          br $xLoop${tag}))
        local.get $oy i32.const 1 i32.add local.set $oy
        br $yLoop${tag}))
      ${vecs(v, (j) => `local.get $acc local.get $cc i32.add local.get $a${j} v128.store offset=${16 * j}`)}`;
}

const dwTap = `
  (func (export "dw_dw_tap") (param $x i32) (param $dy i32) (param $acc i32) (param $wd i32) (param $c i32) (param $ow i32)
    (param $sw i32) (param $oyLo i32) (param $oyHi i32) (param $oxLo i32) (param $oxHi i32) (param $iy0 i32) (param $ix0 i32) (param $sh i32)
    (local $oy i32) (local $ox i32) (local $cc i32) (local $cb i32) (local $px i32) (local $pd i32) (local $xStep i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    local.get $c i32.const 4 i32.mul local.set $cb
    local.get $cb local.get $sw i32.mul local.set $xStep
    (block $c16Done (loop $c16Loop
      local.get $cc i32.const 64 i32.add local.get $cb i32.gt_s br_if $c16Done
      ${dwTile(4, '16')}
      local.get $cc i32.const 64 i32.add local.set $cc
      br $c16Loop))
    (block $c4Done (loop $c4Loop
      local.get $cc local.get $cb i32.ge_s br_if $c4Done
      ${dwTile(1, '4')}
      local.get $cc i32.const 16 i32.add local.set $cc
      br $c4Loop))
  )`;

/** The depthwise kernels' functions, spliced into the module text. */
export const DEPTHWISE_WAT = [pixelKernel('dw_fwd', fwdTile), pixelKernel('dw_dx', dxTile), dwTap].join('\n');
