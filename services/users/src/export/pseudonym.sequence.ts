import { randomInt } from 'node:crypto';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Numbers 1..size in a random order drawn for each export (an affine permutation with a
 * random multiplier and offset): not derived from ids, not stable across exports, O(1) memory.
 */
export class PseudonymSequence {
  private readonly multiplier: number;
  private readonly offset: number;
  private next = 0;

  constructor(private readonly size: number) {
    if (size <= 1) {
      this.multiplier = 1;
      this.offset = 0;
      return;
    }
    let multiplier = randomInt(1, size);
    while (gcd(multiplier, size) !== 1) multiplier = randomInt(1, size);
    this.multiplier = multiplier;
    this.offset = randomInt(0, size);
  }

  /** The next pseudonym number, or undefined once all are used. */
  take(): number | undefined {
    if (this.next >= this.size) return undefined;
    return ((this.multiplier * this.next++ + this.offset) % this.size) + 1;
  }
}
