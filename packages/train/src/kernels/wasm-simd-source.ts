/**
 * WebAssembly text of tsglove's SIMD training kernels. They run on the tf.js wasm backend's own
 * heap (the module imports its memory), so pointers are the byte offsets of tensors there.
 * `wasm-simd-binary.ts` holds the assembled bytes; `test/wasm-simd.test.ts` checks they match
 * this text (run it with UPDATE_WASM_SIMD=1 to rewrite them after an edit).
 *
 * - `colsum(x, rows, cols, out)`: out[c] = Σ_r x[r·cols + c] (cols % 4 == 0).
 * - `conv_o8(xp, w, y, n, hp, wp, ci, oh, ow, co, fh, fw)`: stride-1 convolution
 *   y[n, oh, ow, co] of x zero-padded to `[n, hp, wp, ci]` with w `[fh, fw, ci, co]` (co % 8 == 0),
 *   in tiles of 4 pixels × 8 output channels (2 or 1 pixels at row ends).
 * - `addrow(x, rows, cols, v, out)`: out[r, c] = x[r, c] + v[c] (cols % 4 == 0), a bias add.
 * - `maxpoolgrad2(x, y, dy, dx, n, oh, ow, h, w, c)`: MaxPool 2×2 stride 2 gradient without
 *   padding; dy goes to the first (row-major) element of its window equal to the pooled y
 *   (c % 4 == 0); x, dx are `[n, h, w, c]`. dx rows/columns beyond 2·oh, 2·ow are not written.
 * - `fgrad_c4o8` / `fgrad_c1o16(xp, dy, acc, n, hp, wp, ci, oh, ow, co, fh, fw)`: stride-1
 *   filter gradient accumulated into acc[fh, fw, ci, co], from x zero-padded to `[n, hp, wp, ci]`
 *   (hp = oh + fh - 1) and dy `[n, oh, ow, co]`. Tiles of 4 input × 8 output channels
 *   (ci % 4 == 0, co % 8 == 0) or 1 × 16 (co % 16 == 0); per image, so the tile's inputs stay
 *   in cache.
 * - `dw_fwd`, `dw_dx`, `dw_dw_tap`: depthwise convolution and its gradients
 *   (`wasm-simd-depthwise-source.ts`).
 * - `bn_sqdev`, `affine`, `bn_grad_sums`, `affine2`, `swish_grad`: the fused batch-norm and swish
 *   ops (`wasm-simd-fused-source.ts`).
 * - `sgd_step`, `adam_step`, `axpby`: the fused optimizer steps and weighted sums
 *   (`wasm-simd-optimizer-source.ts`).
 */
import { DEPTHWISE_WAT } from './wasm-simd-depthwise-source.js';
import { FUSED_WAT } from './wasm-simd-fused-source.js';
import { OPTIMIZER_WAT } from './wasm-simd-optimizer-source.js';

/** The filter-gradient tile: a register block of `cb` input channels × `ov` output vectors. */
function filterGradFunc(name: string, cb: number, ov: number): string {
  const acc = (i: number, j: number): string => `$a${i}_${j}`;
  const locals: string[] = [];
  for (let i = 0; i < cb; i++) for (let j = 0; j < ov; j++) locals.push(`(local ${acc(i, j)} v128)`);
  for (let j = 0; j < ov; j++) locals.push(`(local $d${j} v128)`);
  // acc row i of the tile starts at pa + i·co·4; vector j at +16·j.
  const rowPtr = (i: number): string => (i === 0 ? 'local.get $pa' : `local.get $pa local.get $accRow i32.const ${i} i32.mul i32.add`);
  const loads: string[] = [];
  const stores: string[] = [];
  for (let i = 0; i < cb; i++) {
    for (let j = 0; j < ov; j++) {
      loads.push(`${rowPtr(i)} v128.load offset=${16 * j} local.set ${acc(i, j)}`);
      stores.push(`${rowPtr(i)} local.get ${acc(i, j)} v128.store offset=${16 * j}`);
    }
  }
  const body: string[] = [];
  for (let j = 0; j < ov; j++) body.push(`local.get $pd v128.load offset=${16 * j} local.set $d${j}`);
  for (let i = 0; i < cb; i++) {
    body.push(`local.get $px v128.load32_splat offset=${4 * i} local.set $s`);
    for (let j = 0; j < ov; j++) {
      body.push(`local.get ${acc(i, j)} local.get $s local.get $d${j} f32x4.mul f32x4.add local.set ${acc(i, j)}`);
    }
  }
  return `
  (func (export "${name}") (param $xp i32) (param $dy i32) (param $acc i32)
    (param $n i32) (param $hp i32) (param $wp i32) (param $ci i32)
    (param $oh i32) (param $ow i32) (param $co i32) (param $fh i32) (param $fw i32)
    (local $b i32) (local $kh i32) (local $kw i32) (local $c i32) (local $o i32) (local $y i32) (local $x i32)
    (local $px i32) (local $pd i32) (local $pa i32) (local $xImg i32) (local $dImg i32)
    (local $xStride i32) (local $dStride i32) (local $xRowSkip i32) (local $accRow i32) (local $s v128)
    (local $pxEnd i32) (local $owBytes i32)
    ${locals.join(' ')}
    local.get $ci i32.const 4 i32.mul local.set $xStride
    local.get $co i32.const 4 i32.mul local.set $dStride
    local.get $dStride local.set $accRow
    local.get $ow local.get $xStride i32.mul local.set $owBytes
    local.get $wp local.get $ow i32.sub local.get $xStride i32.mul local.set $xRowSkip
    local.get $xp local.set $xImg
    local.get $dy local.set $dImg
    (block $bDone (loop $bLoop
      local.get $b local.get $n i32.ge_u br_if $bDone
      i32.const 0 local.set $kh
      (block $khDone (loop $khLoop
        local.get $kh local.get $fh i32.ge_u br_if $khDone
        i32.const 0 local.set $kw
        (block $kwDone (loop $kwLoop
          local.get $kw local.get $fw i32.ge_u br_if $kwDone
          i32.const 0 local.set $c
          (block $cDone (loop $cLoop
            local.get $c local.get $ci i32.ge_u br_if $cDone
            i32.const 0 local.set $o
            (block $oDone (loop $oLoop
              local.get $o local.get $co i32.ge_u br_if $oDone
              ;; pa = acc + (((kh·fw + kw)·ci + c)·co + o)·4
              local.get $acc
              local.get $kh local.get $fw i32.mul local.get $kw i32.add local.get $ci i32.mul local.get $c i32.add
              local.get $co i32.mul local.get $o i32.add i32.const 4 i32.mul i32.add local.set $pa
              ${loads.join('\n              ')}
              ;; px = xImg + ((kh·wp + kw)·ci + c)·4; pd = dImg + o·4
              local.get $xImg
              local.get $kh local.get $wp i32.mul local.get $kw i32.add local.get $ci i32.mul local.get $c i32.add
              i32.const 4 i32.mul i32.add local.set $px
              local.get $dImg local.get $o i32.const 4 i32.mul i32.add local.set $pd
              i32.const 0 local.set $y
              (block $yDone (loop $yLoop
                local.get $y local.get $oh i32.ge_u br_if $yDone
                ;; ow >= 1: a do-while over the row's pixels, ended by the x pointer
                local.get $px local.get $owBytes i32.add local.set $pxEnd
                (loop $xLoop
                  ${body.join('\n                  ')}
                  local.get $px local.get $xStride i32.add local.tee $px
                  local.get $pd local.get $dStride i32.add local.set $pd
                  local.get $pxEnd i32.lt_u br_if $xLoop)
                local.get $px local.get $xRowSkip i32.add local.set $px
                local.get $y i32.const 1 i32.add local.set $y
                br $yLoop))
              ${stores.join('\n              ')}
              local.get $o i32.const ${4 * ov} i32.add local.set $o
              br $oLoop))
            local.get $c i32.const ${cb} i32.add local.set $c
            br $cLoop))
          local.get $kw i32.const 1 i32.add local.set $kw
          br $kwLoop))
        local.get $kh i32.const 1 i32.add local.set $kh
        br $khLoop))
      ;; next image
      local.get $xImg local.get $hp local.get $wp i32.mul local.get $xStride i32.mul i32.add local.set $xImg
      local.get $dImg local.get $oh local.get $ow i32.mul local.get $dStride i32.mul i32.add local.set $dImg
      local.get $b i32.const 1 i32.add local.set $b
      br $bLoop))
  )`;
}

/**
 * Stride-1 convolution tile code: P output pixels (along a row) × 8 output channels, summed over
 * the fh × (fw·ci) window; x pixel j of the tile is at px + j·xStride.
 */
function convTile(p: number): string {
  const acc = (j: number, v: number): string => `$c${j}_${v}`;
  const lines: string[] = [];
  for (let j = 0; j < p; j++) for (let v = 0; v < 2; v++) lines.push(`v128.const i32x4 0 0 0 0 local.set ${acc(j, v)}`);
  lines.push('local.get $xRowStart local.get $ox local.get $xStride i32.mul i32.add local.set $px');
  lines.push('local.get $w local.get $o i32.const 4 i32.mul i32.add local.set $pw');
  lines.push('i32.const 0 local.set $kh');
  const body: string[] = ['local.get $pw v128.load local.set $w0', 'local.get $pw v128.load offset=16 local.set $w1'];
  for (let j = 0; j < p; j++) {
    const at = j === 0 ? 'local.get $px' : `local.get $px local.get $dx${j} i32.add`;
    body.push(`${at} v128.load32_splat local.set $s`);
    for (let v = 0; v < 2; v++)
      body.push(`local.get ${acc(j, v)} local.get $s local.get $w${v} f32x4.mul f32x4.add local.set ${acc(j, v)}`);
  }
  lines.push(`(block $khDone${p} (loop $khLoop${p}
    local.get $kh local.get $fh i32.ge_u br_if $khDone${p}
    ;; fw·ci >= 1: a do-while over the window row, ended by the x pointer
    local.get $px local.get $kBytes i32.add local.set $pxEnd
    (loop $kLoop${p}
      ${body.join('\n      ')}
      local.get $px i32.const 4 i32.add local.tee $px
      local.get $pw local.get $wStride i32.add local.set $pw
      local.get $pxEnd i32.lt_u br_if $kLoop${p})
    local.get $px local.get $xRowSkip i32.add local.set $px
    local.get $kh i32.const 1 i32.add local.set $kh
    br $khLoop${p}))`);
  // y pixel j of the tile: yRowStart + ((ox + j)·co + o)·4
  for (let j = 0; j < p; j++) {
    const at = `local.get $yRowStart local.get $ox i32.const ${j} i32.add local.get $wStride i32.mul i32.add local.get $o i32.const 4 i32.mul i32.add`;
    for (let v = 0; v < 2; v++) lines.push(`${at} local.get ${acc(j, v)} v128.store offset=${16 * v}`);
  }
  return lines.join('\n');
}

/** Stride-1 convolution over a zero-padded input: per row, 4-pixel tiles, then 2 and 1 for the rest. */
const conv = `
  (func (export "conv_o8") (param $xp i32) (param $w i32) (param $y i32)
    (param $n i32) (param $hp i32) (param $wp i32) (param $ci i32)
    (param $oh i32) (param $ow i32) (param $co i32) (param $fh i32) (param $fw i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $o i32) (local $kh i32) (local $kBytes i32) (local $pxEnd i32)
    (local $px i32) (local $pw i32) (local $xRowStart i32) (local $yRowStart i32)
    (local $xStride i32) (local $wStride i32) (local $kLen i32) (local $xRowSkip i32)
    (local $dx1 i32) (local $dx2 i32) (local $dx3 i32) (local $w0 v128) (local $w1 v128) (local $s v128)
    ${Array.from({ length: 8 }, (_, i) => `(local $c${i >> 1}_${i & 1} v128)`).join(' ')}
    local.get $ci i32.const 4 i32.mul local.set $xStride
    local.get $co i32.const 4 i32.mul local.set $wStride
    local.get $fw local.get $ci i32.mul local.tee $kLen i32.const 4 i32.mul local.set $kBytes
    local.get $wp local.get $fw i32.sub local.get $xStride i32.mul local.set $xRowSkip
    local.get $xStride local.set $dx1
    local.get $xStride i32.const 2 i32.mul local.set $dx2
    local.get $xStride i32.const 3 i32.mul local.set $dx3
    (block $bDone (loop $bLoop
      local.get $b local.get $n i32.ge_u br_if $bDone
      i32.const 0 local.set $oy
      (block $yDone (loop $yLoop
        local.get $oy local.get $oh i32.ge_u br_if $yDone
        ;; xRowStart = xp + (b·hp + oy)·wp·xStride; yRowStart = y + (b·oh + oy)·ow·wStride
        local.get $xp local.get $b local.get $hp i32.mul local.get $oy i32.add local.get $wp i32.mul local.get $xStride i32.mul i32.add local.set $xRowStart
        local.get $y local.get $b local.get $oh i32.mul local.get $oy i32.add local.get $ow i32.mul local.get $wStride i32.mul i32.add local.set $yRowStart
        i32.const 0 local.set $ox
        (block $x4Done (loop $x4Loop
          local.get $ox i32.const 4 i32.add local.get $ow i32.gt_u br_if $x4Done
          i32.const 0 local.set $o
          (block $o4Done (loop $o4Loop
            local.get $o local.get $co i32.ge_u br_if $o4Done
            ${convTile(4)}
            local.get $o i32.const 8 i32.add local.set $o
            br $o4Loop))
          local.get $ox i32.const 4 i32.add local.set $ox
          br $x4Loop))
        (block $x2Done (loop $x2Loop
          local.get $ox i32.const 2 i32.add local.get $ow i32.gt_u br_if $x2Done
          i32.const 0 local.set $o
          (block $o2Done (loop $o2Loop
            local.get $o local.get $co i32.ge_u br_if $o2Done
            ${convTile(2)}
            local.get $o i32.const 8 i32.add local.set $o
            br $o2Loop))
          local.get $ox i32.const 2 i32.add local.set $ox
          br $x2Loop))
        (block $x1Done (loop $x1Loop
          local.get $ox local.get $ow i32.ge_u br_if $x1Done
          i32.const 0 local.set $o
          (block $o1Done (loop $o1Loop
            local.get $o local.get $co i32.ge_u br_if $o1Done
            ${convTile(1)}
            local.get $o i32.const 8 i32.add local.set $o
            br $o1Loop))
          local.get $ox i32.const 1 i32.add local.set $ox
          br $x1Loop))
        local.get $oy i32.const 1 i32.add local.set $oy
        br $yLoop))
      local.get $b i32.const 1 i32.add local.set $b
      br $bLoop))
  )`;

const colsum = `
  (func (export "colsum") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $r i32) (local $c i32) (local $end i32) (local $po i32)
    ;; zero out
    local.get $out local.get $cols i32.const 4 i32.mul i32.add local.set $end
    local.get $out local.set $po
    (block $zDone (loop $zLoop
      local.get $po local.get $end i32.ge_u br_if $zDone
      local.get $po v128.const i32x4 0 0 0 0 v128.store
      local.get $po i32.const 16 i32.add local.set $po
      br $zLoop))
    (block $rDone (loop $rLoop
      local.get $r local.get $rows i32.ge_u br_if $rDone
      local.get $out local.set $po
      (block $cDone (loop $cLoop
        local.get $po local.get $end i32.ge_u br_if $cDone
        local.get $po
        local.get $po v128.load local.get $x v128.load f32x4.add
        v128.store
        local.get $po i32.const 16 i32.add local.set $po
        local.get $x i32.const 16 i32.add local.set $x
        br $cLoop))
      local.get $r i32.const 1 i32.add local.set $r
      br $rLoop))
  )`;

const addRow = `
  (func (export "addrow") (param $x i32) (param $rows i32) (param $cols i32) (param $v i32) (param $out i32)
    (local $r i32) (local $pv i32) (local $vEnd i32)
    local.get $v local.get $cols i32.const 4 i32.mul i32.add local.set $vEnd
    (block $rDone (loop $rLoop
      local.get $r local.get $rows i32.ge_u br_if $rDone
      local.get $v local.set $pv
      (block $cDone (loop $cLoop
        local.get $pv local.get $vEnd i32.ge_u br_if $cDone
        local.get $out
        local.get $x v128.load local.get $pv v128.load f32x4.add
        v128.store
        local.get $out i32.const 16 i32.add local.set $out
        local.get $x i32.const 16 i32.add local.set $x
        local.get $pv i32.const 16 i32.add local.set $pv
        br $cLoop))
      local.get $r i32.const 1 i32.add local.set $r
      br $rLoop))
  )`;

const maxPoolGrad2 = `
  (func (export "maxpoolgrad2") (param $x i32) (param $y i32) (param $dy i32) (param $dx i32)
    (param $n i32) (param $oh i32) (param $ow i32) (param $h i32) (param $w i32) (param $c i32)
    (local $b i32) (local $i i32) (local $j i32) (local $k i32) (local $px i32) (local $pdx i32)
    (local $xRow i32) (local $cb i32)
    (local $m v128) (local $g v128) (local $taken v128) (local $e v128)
    local.get $c i32.const 4 i32.mul local.set $cb
    ;; bytes of one input row
    local.get $w local.get $cb i32.mul local.set $xRow
    (block $bDone (loop $bLoop
      local.get $b local.get $n i32.ge_u br_if $bDone
      i32.const 0 local.set $i
      (block $iDone (loop $iLoop
        local.get $i local.get $oh i32.ge_u br_if $iDone
        ;; byte offset of the window row's first element: (b·h + 2i)·w·c·4
        local.get $b local.get $h i32.mul local.get $i i32.const 2 i32.mul i32.add local.get $xRow i32.mul local.set $px
        i32.const 0 local.set $j
        (block $jDone (loop $jLoop
          local.get $j local.get $ow i32.ge_u br_if $jDone
          i32.const 0 local.set $k
          (block $kDone (loop $kLoop
            local.get $k local.get $cb i32.ge_u br_if $kDone
            local.get $y v128.load local.set $m
            local.get $dy v128.load local.set $g
            ;; window (0,0)
            local.get $px local.get $k i32.add local.tee $pdx
            local.get $x i32.add v128.load local.get $m f32x4.eq local.set $e
            local.get $dx local.get $pdx i32.add local.get $g local.get $e v128.and v128.store
            local.get $e local.set $taken
            ;; window (0,1)
            local.get $pdx local.get $cb i32.add local.tee $pdx
            local.get $x i32.add v128.load local.get $m f32x4.eq local.get $taken v128.andnot local.set $e
            local.get $dx local.get $pdx i32.add local.get $g local.get $e v128.and v128.store
            local.get $taken local.get $e v128.or local.set $taken
            ;; window (1,0)
            local.get $pdx local.get $cb i32.sub local.get $xRow i32.add local.tee $pdx
            local.get $x i32.add v128.load local.get $m f32x4.eq local.get $taken v128.andnot local.set $e
            local.get $dx local.get $pdx i32.add local.get $g local.get $e v128.and v128.store
            local.get $taken local.get $e v128.or local.set $taken
            ;; window (1,1)
            local.get $pdx local.get $cb i32.add local.tee $pdx
            local.get $x i32.add v128.load local.get $m f32x4.eq local.get $taken v128.andnot local.set $e
            local.get $dx local.get $pdx i32.add local.get $g local.get $e v128.and v128.store
            local.get $y i32.const 16 i32.add local.set $y
            local.get $dy i32.const 16 i32.add local.set $dy
            local.get $k i32.const 16 i32.add local.set $k
            br $kLoop))
          local.get $px local.get $cb i32.const 2 i32.mul i32.add local.set $px
          local.get $j i32.const 1 i32.add local.set $j
          br $jLoop))
        local.get $i i32.const 1 i32.add local.set $i
        br $iLoop))
      local.get $b i32.const 1 i32.add local.set $b
      br $bLoop))
  )`;

/** The module text: the kernels above over an imported memory. */
export const SIMD_WAT = `(module
  (import "env" "memory" (memory 0))
  ${colsum}
  ${conv}
  ${addRow}
  ${maxPoolGrad2}
  ${filterGradFunc('fgrad_c4o8', 4, 2)}
  ${filterGradFunc('fgrad_c1o16', 1, 4)}
  ${DEPTHWISE_WAT}
  ${FUSED_WAT}
  ${OPTIMIZER_WAT}
)
`;
