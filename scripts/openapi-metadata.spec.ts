import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

describe('the generated OpenAPI metadata (services/*/src/openapi.metadata.ts)', () => {
  it('is what the DTOs and controllers say now (else: npm run openapi:metadata)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-metadata-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts/generate-openapi-metadata.js'), '--out', dir], { cwd: ROOT, stdio: 'pipe' });
      for (const service of ['users', 'events', 'reservations']) {
        const committed = readFileSync(join(ROOT, 'services', service, 'src/openapi.metadata.ts'), 'utf8');
        expect({ service, metadata: readFileSync(join(dir, service, 'openapi.metadata.ts'), 'utf8') }).toEqual({
          service,
          metadata: committed,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
