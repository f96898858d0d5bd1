/**
 * The hook through which hyper primitives talk to an active dynamic-evaluation context: when one is
 * active, `oneOf(...)` etc. do not build a hyper value but ask the context for the decided value.
 */

/** What a hyper primitive call asks for. */
export interface DynamicRequest {
  candidates?: readonly unknown[];
  k?: number;
  distinct?: boolean;
  sorted?: boolean;
  min?: number;
  max?: number;
  scale?: string;
  name?: string;
  hints?: unknown;
  /** For custom decision points: the hyper value itself. */
  hyper?: unknown;
}

/** A context's handler: returns the value to use for this call. */
export type DynamicHandler = (kind: string, request: DynamicRequest) => unknown;

let handler: DynamicHandler | null = null;

/** Asks the active context (if any) to decide a hyper primitive call. */
export function dynamicDecide(kind: string, request: DynamicRequest): { active: boolean; value?: unknown } {
  if (!handler) return { active: false };
  return { active: true, value: handler(kind, request) };
}

/** Runs `fn` with `h` as the active handler (restoring the previous one after). */
export function withHandler<R>(h: DynamicHandler | null, fn: () => R): R {
  const previous = handler;
  handler = h;
  try {
    return fn();
  } finally {
    handler = previous;
  }
}
