import type { FieldError } from '@eventflow/errors';

/** No request of ours nests deeper than 2; 32 leaves room and keeps every walk over a body shallow. */
export const MAX_JSON_DEPTH = 32;
/** A body with more problems than this is named by its first ones. */
const MAX_REPORTED = 10;
/** Keys that can reach an object's prototype when code merges the body into another object. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const hasLoneSurrogate = (text: string) => text.search(LONE_SURROGATE) !== -1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/**
 * Whether JSON text nests arrays or objects deeper than `limit`, read before JSON.parse so
 * nothing (the parser, class-transformer, class-validator) ever recurses through a hostile body.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPENERS.has(c)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(c)) depth--;
  }
  return false;
}

/**
 * A number our validators can take: finite and written without an exponent. class-validator's
 * `maxDecimalPlaces` reads `String(value)` and throws on `1e-7`; no field of ours needs a value
 * below 1e-6 or above 1e21 in magnitude.
 */
function isPlainNumber(value: number): boolean {
  return Number.isFinite(value) && !String(value).includes('e');
}

function problemOf(value: unknown): string | undefined {
  if (value === null) return 'must not be null: leave the field out instead';
  if (typeof value === 'string' && hasLoneSurrogate(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  if (typeof value === 'number' && !isPlainNumber(value)) return 'must be a finite number between 1e-6 and 1e21 in magnitude (or 0)';
  return undefined;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * What no route of ours accepts anywhere in a JSON body, named by field: `null` (no field
 * accepts it, so an update can never store one), invalid Unicode, numbers our validators
 * cannot read, and prototype keys. Call only on bodies that passed {@link nestsDeeperThan}.
 */
export function hostileFieldsOf(body: unknown): FieldError[] {
  const found: FieldError[] = [];
  const visit = (value: unknown, path: string): void => {
    if (found.length >= MAX_REPORTED) return;
    const problem = problemOf(value);
    if (problem) {
      found.push({ field: path || 'body', problems: [`${path || 'body'} ${problem}`] });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const field = join(path, key.replace(LONE_SURROGATE, '\uFFFD'));
        if (hasLoneSurrogate(key)) found.push({ field, problems: [`the name of ${field} must be valid Unicode text`] });
        else if (RESERVED_KEYS.has(key)) found.push({ field, problems: [`${key} is a reserved name`] });
        else visit(child, field);
      }
    }
  };
  visit(body, '');
  return found.slice(0, MAX_REPORTED);
}
