// Compiles apps, libs, tools and benchmarks to ESM in dist/ with SWC. SWC (unlike esbuild) emits
// decorator metadata, which NestJS DI and GraphQL code-first need. Incremental by modification time.
import { transformFile } from '@swc/core';
import { mkdir, readdir, stat, writeFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist');
const sourceRoots = ['apps', 'libs', 'tools', 'test'];
const isTest = (file) => /\.(spec|int-spec|e2e-spec|resilience-spec)\.ts$/.test(file);
const skipDirs = new Set(['node_modules', 'dist', 'console']);

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDirs.has(entry.name)) yield* walk(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !isTest(entry.name)) {
      yield path;
    }
  }
}

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    target: 'es2022',
    keepClassNames: true,
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    baseUrl: root,
    paths: { '@service-desk/*': ['libs/*/src/index.ts'] },
  },
  module: { type: 'es6', resolveFully: true },
  sourceMaps: 'inline',
};

let compiled = 0;
const seen = new Set();
const jobs = [];
for (const sourceRoot of sourceRoots) {
  for await (const file of walk(join(root, sourceRoot))) {
    const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    seen.add(target);
    jobs.push(
      (async () => {
        const [src, out] = await Promise.all([stat(file), stat(target).catch(() => null)]);
        if (out && out.mtimeMs >= src.mtimeMs) return;
        const { code } = await transformFile(file, { ...swcOptions, filename: file });
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, code);
        compiled++;
      })(),
    );
  }
}
await Promise.all(jobs);

// Remove outputs whose source is gone, so a deleted migration never runs from a stale dist/.
async function prune(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await prune(path);
    else if (path.endsWith('.js') && !seen.has(path)) await rm(path);
  }
}
await prune(outDir);
await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n');
if (process.env.BUILD_VERBOSE) console.log(`build: ${compiled} file(s) compiled`);
