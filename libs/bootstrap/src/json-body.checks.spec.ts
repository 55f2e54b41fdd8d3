import { hostileFieldsOf, MAX_JSON_DEPTH, nestsDeeperThan } from './json-body.checks';

describe(nestsDeeperThan.name, () => {
  it('counts the nesting of arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[[[[[', b: '\\"[[[[' }), 1)).toBe(false);
    expect(nestsDeeperThan('['.repeat(100_000), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe(hostileFieldsOf.name, () => {
  const fields = (body: unknown) => hostileFieldsOf(body).map((found) => found.field);

  it('names every null, at any depth', () => {
    expect(fields({ aforo_total: null, nested: { deep: [1, null] } })).toEqual(['aforo_total', 'nested.deep[1]']);
  });

  it('names strings and keys holding lone surrogates, and lets well-formed Unicode through', () => {
    expect(fields({ email: 'a\ud800@example.com', ok: 'ñandú 😀', 'k\udc00': 1 })).toEqual(['email', 'k\ufffd']);
  });

  it('names numbers that are not finite or need an exponent', () => {
    expect(fields({ a: 1e-7, b: 1e21, c: Infinity, d: 0.000001, e: 10_000_000, f: -0, g: 19.99 })).toEqual(['a', 'b', 'c']);
  });

  it('names prototype keys', () => {
    expect(fields(JSON.parse('{"__proto__":{"x":1},"a":{"constructor":{"prototype":{}}}}'))).toEqual(['__proto__', 'a.constructor']);
  });

  it('finds nothing wrong in an ordinary body', () => {
    expect(hostileFieldsOf({ nombre: 'Concierto', precio: 19.99, aforo_total: 100, tags: ['a', 'b'] })).toEqual([]);
  });
});
