/**
 * A child network's cost on a simulated accelerator: `estimate(accelerator, ops(child))` from
 * `@tsglove/hwsim` (latency, energy) and its parameter count, cached per distinct child (keyed by
 * its compact symbolic form), since searches revisit children often.
 */
import { format } from '@tsglove/symbolic';
import { countParams, ops, type Graph } from '@tsglove/models';
import { estimate, edgeTpu, type AcceleratorConfig } from '@tsglove/hwsim';

/** What {@link ChildCosts.of} reports for one child. */
export interface ChildCost {
  latencyMs: number;
  energyUJ: number;
  /** Trainable parameters. */
  params: number;
  /** Multiply-accumulates of one inference. */
  macs: number;
  /** Chip area of the accelerator, mm². */
  areaMM2: number;
}

/** Cached accelerator costs of children (see the module comment). */
export class ChildCosts {
  private readonly cache = new Map<string, ChildCost>();

  /** @param accelerator the simulated accelerator (default `edgeTpu()`). */
  constructor(readonly accelerator: AcceleratorConfig = edgeTpu()) {}

  /** Distinct children estimated so far. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * The cost of a child (anything with `build(): Graph`) on `accelerator` (default: this cache's),
   * estimated once per distinct (accelerator, child).
   */
  of(child: { build(): Graph }, accelerator?: AcceleratorConfig): ChildCost {
    const key = format(child, { compact: true }) + (accelerator ? ` @ ${format(accelerator, { compact: true })}` : '');
    let cost = this.cache.get(key);
    if (!cost) {
      const graph = child.build();
      const totals = estimate(accelerator ?? this.accelerator, ops(graph)).totals;
      cost = {
        latencyMs: totals.latencyMs,
        energyUJ: totals.energyPJ / 1e6,
        params: countParams(graph).trainable,
        macs: totals.macs,
        areaMM2: totals.areaMM2,
      };
      this.cache.set(key, cost);
    }
    return cost;
  }
}
