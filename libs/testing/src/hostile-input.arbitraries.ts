import fc from 'fast-check';

/** Generators of hostile input for the fuzz tests: what a careless or malicious client sends. */

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83dz', '\udc00\ud800'];
const NASTY_STRINGS = [
  '',
  ' ',
  '$gt',
  '$where',
  '__proto__',
  'constructor',
  'prototype',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '=cmd|calc',
  '😀'.repeat(20),
  'é'.normalize('NFD'),
  '\u202e',
  'null',
  'undefined',
  'NaN',
  'Infinity',
];
const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  1e-7,
  -1e-7,
  5e-324,
  0.1 + 0.2,
  0.005,
  19.999,
  2 ** 31,
  2 ** 53 + 1,
  1e21,
  -1e21,
  1e308,
  -1e308,
  1e6,
  1_000_001,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...LONE_SURROGATES, ...NASTY_STRINGS),
  fc.string({ minLength: 300, maxLength: 6_000 }),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(fc.constantFrom(...EDGE_NUMBERS), fc.double({ noNaN: true }), fc.integer());

/** Ids of every shape: valid, almost valid, operators, paths, Unicode. */
export const anyId: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 1, maxLength: 30 }),
  fc.constantFrom('$ne', '[object Object]', '..', '%2e%2e', 'null', '0'.repeat(24), 'f'.repeat(25), 'exportar', ' '),
  hostileString,
);

const operatorObject = fc.constantFrom({ $gt: '' }, { $ne: null }, { $where: 'sleep(100)' }, { $regex: '.*' }, { $in: [1, 2] });

/** Any JSON value, nested a few levels, with operator objects and prototype keys among them. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    operatorObject,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', '$gt')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

export type BodyEntries = [string, unknown][];

/**
 * A body as entries, so a key may repeat (JSON allows it; the last one wins) and `__proto__` is a
 * plain key: starting from a valid body, some fields replaced, removed or added. `fixed` fields
 * stay as they are (a test finds what a request stored by them).
 */
export function mutatedBody(valid: Record<string, unknown>, fixed: string[] = []): fc.Arbitrary<BodyEntries> {
  const fields = Object.keys(valid).filter((field) => !fixed.includes(field));
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), key: fc.constantFrom(...fields), value: hostileValue }),
    fc.record({ kind: fc.constant('remove' as const), key: fc.constantFrom(...fields) }),
    fc.record({
      kind: fc.constant('add' as const),
      key: fc.oneof(
        fc.string({ maxLength: 12 }).filter((key) => !fixed.includes(key)),
        fc.constantFrom('__proto__', 'constructor', '$where', 'organizador_id', 'estado', ...fields),
      ),
      value: hostileValue,
    }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    let entries: BodyEntries = Object.entries(valid);
    for (const change of mutations) {
      if (change.kind === 'replace') entries = entries.map(([key, value]) => [key, key === change.key ? change.value : value]);
      else if (change.kind === 'remove') entries = entries.filter(([key]) => key !== change.key);
      else entries = [...entries, [change.key, change.value]];
    }
    return entries;
  });
}

/** JSON text of entries, written by hand so repeated and prototype keys reach the server as sent. */
export function entriesToJson(entries: BodyEntries): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

/** Raw bodies that are not a JSON object at all. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '"x"',
    '1e400',
    '{"a":1,"a":2}',
    '{',
    '\ufeff{}',
    '['.repeat(40) + ']'.repeat(40),
    '{"__proto__":{"admin":true}}',
  ),
  hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
);

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates included, as U+FFFD). */
const percentEncode = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** A query string: known and unknown names, repeated names, bracket operators, broken escapes. */
export function hostileQuery(names: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    fc.constantFrom(...names, ...names.map((known) => `${known}[$ne]`), '__proto__', 'constructor'),
    fc.string({ maxLength: 10 }),
  );
  const value = fc.oneof(
    hostileString.map(percentEncode),
    anyId.map(percentEncode),
    hostileNumber.map(String),
    fc.constantFrom('%', '%zz', '%ED%A0%80', '%C3%28', '', '1e-7', '-1', '999999999999'),
  );
  return fc
    .array(fc.tuple(name, value), { maxLength: 5 })
    .map((pairs) => pairs.map(([key, val]) => `${percentEncode(key)}=${val}`).join('&'));
}

/** A path segment for `:id` routes. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(anyId.map(percentEncode), fc.constantFrom('%2F', '..', '%', '%ED%A0%80'));

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 80 });

/** Header values fetch can send (printable ASCII), hostile in content. */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  printable,
  fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', `Bearer ${'a'.repeat(4000)}`),
);
