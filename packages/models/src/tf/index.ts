export { initBackend, wasmDistDir, type BackendName } from './backend.js';
export { registerWasmGradKernels, wasmGradKernelNames } from './wasm_kernels.js';
export { safeSign } from './safe_sign.js';
export { ModelsError, DataError } from './errors.js';
