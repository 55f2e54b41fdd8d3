#!/usr/bin/env node
// Writes docs/access.md from the access table (libs/testing/src/access-table.ts), the same data
// the access-table e2e test calls. `npm run docs:access`; a unit test fails while they differ.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '..');
const source = join(root, 'libs/testing/src/access-table.ts');
const { code } = transformSync(readFileSync(source, 'utf8'), {
  filename: source,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
});
const table = { exports: {} };
new Function('module', 'exports', code)(table, table.exports);
writeFileSync(join(root, 'docs/access.md'), table.exports.renderAccessDoc());
console.log('wrote docs/access.md');
