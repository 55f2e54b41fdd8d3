#!/usr/bin/env node
// The build is plain tsc, so @nestjs/swagger's compiler plugin never runs: this writes what it
// would have inferred (DTO properties, their types and validation rules, controller return types)
// into services/<name>/src/openapi.metadata.ts, which each service loads before describing its API.
// Run after changing a DTO or a controller (`npm run openapi:metadata`); scripts/openapi-metadata.spec.ts
// fails when a committed file is stale.
const { readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');

const ROOT = join(__dirname, '..');
const FILENAME = 'openapi.metadata.ts';

function generate(service, outputDir = join(ROOT, 'services', service, 'src')) {
  const sourceDir = join(ROOT, 'services', service, 'src');
  // A stale copy is part of the program it is generated from, and may not type-check any more.
  rmSync(join(outputDir, FILENAME), { force: true });
  // One program per service, so the metadata imports only that service's files (and libs).
  const tsconfig = join(ROOT, `.openapi-tsconfig.${service}.json`);
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: { types: ['node'], noEmit: true },
      include: [`services/${service}/src/**/*.ts`, 'libs/*/src/**/*.ts'],
      exclude: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.fakes.ts', 'libs/testing/**'],
    }),
  );
  try {
    const visitor = new ReadonlyVisitor({
      pathToSource: sourceDir,
      dtoFileNameSuffix: ['.dto.ts', '.query.ts'],
      controllerFileNameSuffix: ['.controller.ts'],
      classValidatorShim: true,
      introspectComments: true,
    });
    // A program of our own: the generator's type-check host stops at the first type error.
    const tsProgramRef = ReadonlyVisitor.createTsProgram(relative(process.cwd(), tsconfig));
    new PluginMetadataGenerator().generate({ visitors: [visitor], outputDir, filename: FILENAME, tsProgramRef });
  } finally {
    rmSync(tsconfig, { force: true });
  }
  const file = join(outputDir, FILENAME);
  // Controllers of libs are reached through their alias, as services must import libs.
  let text = readFileSync(file, 'utf8').replace(/import\("(?:\.\.\/)+libs\/([a-z-]+)\/src\/[^"]+"\)/g, 'import("@eventflow/$1")');
  // The generator declares a table of imported types even when it has none (unused under noUnusedLocals).
  if (!/\bt\[/.test(text)) text = text.replace(/^\s*const t = \{\};\n/m, '');
  text = text.replace(/^\/\* eslint-disable \*\/\n/, '');
  writeFileSync(file, text);
  return file;
}

/** As committed: formatted like the rest of the code. */
async function formatted(file) {
  const prettier = require('prettier');
  // The repository's settings, wherever the file was written.
  const options = await prettier.resolveConfig(join(ROOT, 'services', FILENAME));
  writeFileSync(file, await prettier.format(readFileSync(file, 'utf8'), { ...options, filepath: file }));
  return file;
}

module.exports = { generate, formatted, FILENAME };
if (require.main === module)
  (async () => {
    // --out <dir>: write <dir>/<service>/openapi.metadata.ts instead (the staleness test compares them).
    const out = process.argv[process.argv.indexOf('--out') + 1];
    for (const service of ['users', 'events', 'reservations']) {
      const dir = process.argv.includes('--out') ? join(out, service) : undefined;
      if (dir) require('node:fs').mkdirSync(dir, { recursive: true });
      console.log(`wrote ${relative(ROOT, await formatted(generate(service, dir)))}`);
    }
  })();
