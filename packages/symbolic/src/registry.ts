/**
 * The type registry: symbolic class names → classes, so that `fromJSON` can rebuild objects.
 * `fromJSON` instantiates only classes found here.
 */
import { SymbolicError } from './errors.js';

/** A registered class: constructible from its field values. */
export type RegisteredClass = new (init: Record<string, unknown>, options?: { allowPartial?: boolean }) => object;

const classes = new Map<string, RegisteredClass>();
const aliases = new Map<string, string>();

/**
 * Registers `cls` under `name`. Registering a subclass of the class already registered under the
 * name replaces it (so `class Block extends symbolic('Block', ...) {}` deserializes as `Block`);
 * an unrelated class under a taken name is an error.
 */
export function registerClass(name: string, cls: RegisteredClass): void {
  const current = classes.get(name);
  if (current && current !== cls && !(cls.prototype instanceof current)) {
    throw new SymbolicError(`a different class is already registered as "${name}"`);
  }
  classes.set(name, cls);
}

/** The class registered under `name` (or under the name that the alias `name` stands for), or undefined. */
export function lookupClass(name: string): RegisteredClass | undefined {
  return classes.get(name) ?? classes.get(aliases.get(name) ?? '');
}

/**
 * Makes `alias` read as `name` in `fromJSON`: when a class is renamed (e.g. namespaced), JSON and
 * stored studies written under the old name still load. Writing always uses the current name.
 */
export function registerAlias(alias: string, name: string): void {
  const current = aliases.get(alias);
  if (current !== undefined && current !== name) throw new SymbolicError(`"${alias}" is already an alias of "${current}"`);
  aliases.set(alias, name);
}

/** Names of all registered classes. */
export function registeredNames(): string[] {
  return [...classes.keys()];
}

/** @internal Moves a registration to a subclass that was constructed (see `registerClass`). */
export function promoteSubclass(name: string, cls: RegisteredClass): void {
  const current = classes.get(name);
  if (current && current !== cls && cls.prototype instanceof current && isGenerated(current)) classes.set(name, cls);
}

const generated = new WeakSet<object>();
/** @internal Marks a class made by `symbolic()` (a user subclass may take its registration). */
export function markGenerated(cls: object): void {
  generated.add(cls);
}
function isGenerated(cls: object): boolean {
  return generated.has(cls);
}
