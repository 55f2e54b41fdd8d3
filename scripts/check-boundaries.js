#!/usr/bin/env node
// Services share code only through libs/ and talk only through libs/contracts:
// fails when a service imports another service's files, or a lib imports a service.
const { readFileSync, readdirSync, statSync } = require('node:fs');
const { join, relative, resolve, dirname } = require('node:path');

const root = resolve(__dirname, '..');
const violations = [];

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

for (const top of ['services', 'libs']) {
  for (const file of files(join(root, top))) {
    const rel = relative(root, file);
    const [, owner] = rel.split('/');
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
      const spec = match[1];
      if (!spec.startsWith('.')) continue;
      const target = relative(root, resolve(dirname(file), spec));
      const [targetTop, targetOwner] = target.split('/');
      if (top === 'services' && targetTop === 'services' && targetOwner !== owner) violations.push(`${rel} imports ${target}`);
      if (top === 'services' && targetTop === 'libs') violations.push(`${rel} imports ${target} by path: use @eventflow/${targetOwner}`);
      if (top === 'libs' && targetTop === 'services') violations.push(`${rel} (a lib) imports service code ${target}`);
    }
  }
}

if (violations.length > 0) {
  console.error(`Module boundary violations:\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('module boundaries ok');
