import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_TABLE, CREDENTIALS, renderAccessDoc } from './access-table';

describe('the access table', () => {
  it('is what docs/access.md shows (regenerate with npm run docs:access)', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/access.md'), 'utf8');
    expect(doc).toBe(renderAccessDoc());
  });

  it('gives every route a status for every credential, and denies anonymous callers every non-public route', () => {
    for (const row of ACCESS_TABLE) {
      expect(Object.keys(row.expected).sort()).toEqual([...CREDENTIALS].sort());
      const isPublic = CREDENTIALS.every((credential) => row.expected[credential] === row.expected.none);
      if (!isPublic) for (const anonymous of ['none', 'malformed', 'unknown'] as const) expect(row.expected[anonymous]).toBe(401);
    }
  });
});
