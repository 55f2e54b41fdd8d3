#!/usr/bin/env node
// The architecture's rules, checked on every `npm run check`:
// - services share code only through libs/ (by alias) and talk only through libs/contracts: no
//   service imports another service's files, no lib imports a service;
// - inside a service, the folders of src/ (one per capability) import each other without cycles;
// - pure folders (the saga engine) import nothing but their own files: no I/O, no framework.
const { readFileSync, readdirSync, statSync } = require('node:fs');
const { join, relative, resolve, dirname, sep } = require('node:path');

const root = resolve(process.argv[2] ?? join(__dirname, '..'));
/** Folders whose files may import only files of the same folder. */
const PURE_FOLDERS = ['services/reservations/src/saga-engine'];

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const importsOf = (source) => [...source.matchAll(/(?:from|import)\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
const posix = (path) => path.split(sep).join('/');

const violations = [];
/** service → folder → set of folders it imports (production code only, not tests). */
const folderGraphs = new Map();

for (const top of ['services', 'libs']) {
  for (const file of files(join(root, top))) {
    const rel = posix(relative(root, file));
    const [, owner, area, folder] = rel.split('/');
    // Fakes of our own ports exist for specs only: they are test code, and production code never imports them.
    const isTest = /\.(spec|int-spec|e2e-spec|fakes)\.ts$/.test(rel) || area === 'test';
    const pure = PURE_FOLDERS.find((dir) => rel.startsWith(`${dir}/`));
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (pure && !isTest) violations.push(`${rel} imports ${spec}: ${pure} is pure (no I/O, no framework)`);
        continue;
      }
      const target = posix(relative(root, resolve(dirname(file), spec)));
      const [targetTop, targetOwner, targetArea, targetFolder] = target.split('/');
      if (top === 'services' && targetTop === 'services' && targetOwner !== owner) violations.push(`${rel} imports ${target}`);
      if (top === 'services' && targetTop === 'libs') violations.push(`${rel} imports ${target} by path: use @eventflow/${targetOwner}`);
      if (top === 'libs' && targetTop === 'services') violations.push(`${rel} (a lib) imports service code ${target}`);
      if (!isTest && /\.fakes$/.test(target)) violations.push(`${rel} imports the test fakes ${target}`);
      if (pure && !isTest && !target.startsWith(`${pure}/`))
        violations.push(`${rel} imports ${target}: ${pure} imports only its own files`);
      const inSrcFolders = top === 'services' && area === 'src' && targetArea === 'src' && targetOwner === owner;
      if (
        inSrcFolders &&
        !isTest &&
        folder.endsWith('.ts') === false &&
        targetFolder &&
        !targetFolder.endsWith('.ts') &&
        folder !== targetFolder
      ) {
        const graph = folderGraphs.get(owner) ?? new Map();
        folderGraphs.set(owner, graph);
        if (!graph.has(folder)) graph.set(folder, new Map());
        if (!graph.get(folder).has(targetFolder)) graph.get(folder).set(targetFolder, rel);
      }
    }
  }
}

/** Groups of folders that reach each other (strongly connected components, Tarjan): each is a cycle. */
function cyclicGroups(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const groups = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    for (const next of (graph.get(node) ?? new Map()).keys()) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) !== index.get(node)) return;
    const group = [];
    let member;
    do group.push((member = stack.pop()));
    while (member !== node);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return groups;
}

for (const [service, graph] of folderGraphs) {
  for (const group of cyclicGroups(graph)) {
    const arrows = group.flatMap((from) =>
      [...(graph.get(from) ?? new Map())].filter(([to]) => group.includes(to)).map(([to, file]) => `${from} → ${to} (${file})`),
    );
    violations.push(`import cycle between folders of services/${service}/src: ${group.join(', ')}\n      ${arrows.join('\n      ')}`);
  }
}

if (violations.length > 0) {
  console.error(`Module boundary violations:\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('module boundaries ok');
