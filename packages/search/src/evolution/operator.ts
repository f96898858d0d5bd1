/**
 * Evolution operators and their algebra. An operator maps a list of individuals (DNA, with their
 * rewards in metadata) to a new list: selectors pick some, mutators and recombinators make new
 * ones. Operators compose with {@link pipeline} (output of one feeds the next), {@link repeat}
 * (run n times, concatenate), {@link union} (run each on the same input, concatenate) and
 * {@link withProbability} (run or pass through).
 */
import type { DNA, DNASpec, Random } from '@tsglove/symbolic';
import { SearchError } from '../errors.js';

/** What an operator may use: the spec, a random source and the current step (proposal number). */
export interface OperatorContext {
  spec: DNASpec;
  random: Random;
  step: number;
}

/** An evolution operator (see the module comment). */
export type Operator = (population: readonly DNA[], context: OperatorContext) => DNA[];

/** Runs operators one after the other, each on the previous one's output. */
export function pipeline(...operators: Operator[]): Operator {
  return (population, context) => operators.reduce<DNA[]>((current, op) => op(current, context), [...population]);
}

/** Runs `operator` `times` times on the same input and concatenates the outputs. */
export function repeat(operator: Operator, times: number): Operator {
  if (!Number.isInteger(times) || times < 0) throw new SearchError(`repeat: times must be an integer >= 0, got ${times}`, 'times');
  return (population, context) => {
    const out: DNA[] = [];
    for (let i = 0; i < times; i++) out.push(...operator(population, context));
    return out;
  };
}

/** Runs each operator on the same input and concatenates the outputs (individuals once each). */
export function union(...operators: Operator[]): Operator {
  return (population, context) => {
    const out: DNA[] = [];
    const seen = new Set<DNA>();
    for (const op of operators) {
      for (const dna of op(population, context)) {
        if (!seen.has(dna)) {
          seen.add(dna);
          out.push(dna);
        }
      }
    }
    return out;
  };
}

/** Runs `operator` with probability `p`; otherwise passes the input through. */
export function withProbability(p: number, operator: Operator): Operator {
  if (!(p >= 0 && p <= 1)) throw new SearchError(`withProbability: p must be in [0, 1], got ${p}`, 'p');
  return (population, context) => (context.random() < p ? operator(population, context) : [...population]);
}

/** Passes the input through. */
export const identity: Operator = (population) => [...population];
