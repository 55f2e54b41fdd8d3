import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const README = join(ROOT, 'README.md');
const API_DOC = join(ROOT, 'docs/api.md');
const README_MAX_BYTES = 16 * 1024;

/**
 * Pages other branches deliver (docs/load-testing.md is written on wip/bench). Until one exists,
 * plain links to it are allowed; once it does, it is checked like any other page.
 */
const PENDING_PAGES = ['docs/load-testing.md'];

/** Served by libs/health in every service; required even if the scan below stops finding them. */
// Served by bootstrapService itself rather than a controller (Swagger UI, the OpenAPI document, Bull Board included).
const PLATFORM_ROUTES = ['GET /health', 'GET /health/ready', 'GET /docs', 'GET /docs-json', 'GET /admin/queues'];

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

const markdownPages = (): string[] => [README, ...filesUnder(join(ROOT, 'docs'), (path) => path.endsWith('.md'))];

const label = (path: string) => relative(ROOT, path);

/** The page without its fenced code blocks (their lines become empty, so line numbers hold). */
function withoutCodeBlocks(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) {
      fence = marker[0].repeat(marker.length);
      return '';
    }
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    return line;
  });
}

const withoutCodeSpans = (line: string) => line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');

/** GitHub's heading ids: the heading's text, lower-cased, punctuation dropped, spaces → `-`, repeats numbered. */
function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCodeBlocks(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`/g, '')
      .replace(/(^|\s)_+|_+(\s|$)/g, '$1$2');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

interface Link {
  page: string;
  line: number;
  target: string;
}

function linksOf(page: string): Link[] {
  const links: Link[] = [];
  withoutCodeBlocks(readFileSync(page, 'utf8')).forEach((raw, index) => {
    const line = withoutCodeSpans(raw);
    const inline = [...line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^)]*["'])?\s*\)/g)].map((m) => m[1]);
    const reference = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line)?.[1];
    for (const target of reference ? [...inline, reference] : inline) links.push({ page, line: index + 1, target });
  });
  return links;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** Every problem with one relative link: a missing file, or an anchor no heading of its page has. */
function problemsOf(link: Link, slugsOf: (page: string) => Set<string>): string[] {
  const where = `${label(link.page)}:${link.line}: ${link.target}`;
  const hash = link.target.indexOf('#');
  const path = decodeURI(hash === -1 ? link.target : link.target.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(link.target.slice(hash + 1));
  const file = path === '' ? link.page : resolve(dirname(link.page), path);
  if (!existsSync(file)) {
    const pending = PENDING_PAGES.includes(label(file));
    if (!pending) return [`${where} → no such file`];
    return anchor === undefined ? [] : [`${where} → ${label(file)} does not exist yet, so its anchor cannot be checked`];
  }
  if (anchor === undefined) return [];
  if (!file.endsWith('.md')) return [`${where} → an anchor into a file that is not markdown`];
  return slugsOf(file).has(anchor) ? [] : [`${where} → ${label(file)} has no heading #${anchor}`];
}

/** The string literals of a decorator's arguments: `()` is the empty path, `('a')`, `(['a', 'b'])`, `({ path: 'a' })`. */
function pathsOf(args: string, where: string): string[] {
  const trimmed = args.trim();
  if (trimmed === '') return [''];
  const source = trimmed.startsWith('{') ? (/path\s*:\s*([^,}]+|\[[^\]]*\])/.exec(trimmed)?.[1] ?? '') : trimmed;
  const literals = [...source.matchAll(/'([^']*)'|"([^"]*)"|`([^`$]*)`/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  if (literals.length === 0) throw new Error(`${where}: cannot read the path of (${args}); write it as a string literal`);
  return literals;
}

const joinRoute = (...parts: string[]) => `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

/** `GET /api/users/:usuario_id` and `GET /api/users/:id` are the same route. */
const normalized = (route: string) => route.replace(/:[A-Za-z0-9_]+/g, ':param');

/** Every HTTP route Nest serves, found from the decorators wherever the controllers live. */
function servedRoutes(): Map<string, string> {
  const routes = new Map<string, string>();
  const sources = ['services', 'libs'].flatMap((top) =>
    readdirSync(join(ROOT, top)).flatMap((name) =>
      filesUnder(join(ROOT, top, name, 'src'), (path) => path.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(path)),
    ),
  );
  for (const file of sources) {
    let prefixes: string[] | undefined;
    const decorators = readFileSync(file, 'utf8').matchAll(/@(Controller|Get|Post|Put|Patch|Delete)\(([^)]*)\)/g);
    for (const [, decorator, args] of decorators) {
      const where = label(file);
      if (decorator === 'Controller') {
        prefixes = pathsOf(args, where);
        continue;
      }
      if (!prefixes) throw new Error(`${where}: @${decorator} outside a @Controller`);
      for (const prefix of prefixes) {
        for (const path of pathsOf(args, where)) {
          const route = `${decorator.toUpperCase()} ${joinRoute(prefix, path)}`;
          routes.set(normalized(route), `${route} (${where})`);
        }
      }
    }
  }
  for (const route of PLATFORM_ROUTES) if (!routes.has(route)) routes.set(route, `${route} (platform)`);
  return routes;
}

function documentedRoutes(markdown: string): Set<string> {
  const pattern = new RegExp(`\\b(${HTTP_METHODS.join('|')})\\s+(/[A-Za-z0-9_:./-]*)`, 'g');
  return new Set([...markdown.matchAll(pattern)].map(([, method, path]) => normalized(`${method} ${joinRoute(path)}`)));
}

describe('the documentation', () => {
  const pages = markdownPages();
  const slugCache = new Map<string, Set<string>>();
  const slugsOf = (page: string) => {
    if (!slugCache.has(page)) slugCache.set(page, headingSlugs(readFileSync(page, 'utf8')));
    return slugCache.get(page)!;
  };
  const relativeLinks = pages.flatMap(linksOf).filter((link) => !isExternal(link.target));

  it('links only to files that exist and to headings those files have', () => {
    expect(pages.length).toBeGreaterThan(1);
    expect(relativeLinks.length).toBeGreaterThan(0);
    expect(relativeLinks.flatMap((link) => problemsOf(link, slugsOf))).toEqual([]);
  });

  it('reads anchors the way GitHub names headings', () => {
    const slugs = headingSlugs(
      '# The embedded MongoDB: FerretDB on SQLite\n## `GET /api/users/:usuario_id`\n## Reservations service (:3003)\n## Tests\n## Tests\n```\n# not a heading\n```\n',
    );
    expect([...slugs]).toEqual([
      'the-embedded-mongodb-ferretdb-on-sqlite',
      'get-apiusersusuario_id',
      'reservations-service-3003',
      'tests',
      'tests-1',
    ]);
  });

  it('documents in docs/api.md every HTTP route the services serve', () => {
    const served = servedRoutes();
    // The scan itself must work: these are served today, and a scan that finds nothing proves nothing.
    for (const route of ['POST /api/users', 'POST /api/reservar', 'GET /api/events/:param/inventario', 'GET /metrics']) {
      expect(served.has(route)).toBe(true);
    }
    const documented = documentedRoutes(readFileSync(API_DOC, 'utf8'));
    expect([...served].filter(([route]) => !documented.has(route)).map(([, where]) => where)).toEqual([]);
  });

  it('documents in docs/api.md no route that no service serves', () => {
    const served = servedRoutes();
    expect([...documentedRoutes(readFileSync(API_DOC, 'utf8'))].filter((route) => !served.has(route))).toEqual([]);
  });

  it('keeps README.md a landing page of at most 16 KB', () => {
    expect(Buffer.byteLength(readFileSync(README, 'utf8'))).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('keeps the Try it block that CI extracts from README.md and runs', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme.split('<!-- try-it:start -->')).toHaveLength(2);
    expect(readme.split('<!-- try-it:end -->')).toHaveLength(2);
    const block = readme.slice(readme.indexOf('<!-- try-it:start -->'), readme.indexOf('<!-- try-it:end -->'));
    expect(block).toMatch(/```bash\nnpm start\n[\s\S]*\nscripts\/stop\.sh\n```\n$/);
  });
});
