/**
 * Imports run one way: from entry points down to pure modules, never back up.
 * The folders keep the design map's layout (crawler/, src/); the layers below
 * cut across them. A module may import its own layer and the layers under it;
 * the graph has no cycles. A failure names the importing file, the import and
 * both layers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['src', 'crawler', 'index-config'];

/** Lowest first; the first pattern a file matches decides its layer. */
const LAYERS: { name: string; modules: RegExp[] }[] = [
  {
    // The widget: browser code bundled on its own, so it imports nothing of the service.
    name: 'browser',
    modules: [/^src\/widget\//],
  },
  {
    // No I/O: the release contract, entities, normalizer, grouping policy, source catalogue.
    name: 'pure',
    modules: [
      /^src\/(domain|entities|util|analysis)\//,
      /^src\/(errors|version)\.ts$/,
      /^index-config\//,
      /^crawler\/normalize\//,
      /^crawler\/sources\//,
    ],
  },
  {
    // One concern each over one outside thing: the archive, Meilisearch, the log, the environment.
    name: 'infrastructure',
    modules: [/^src\/(archive|meili|config)\//, /^src\/log\.ts$/],
  },
  {
    // What the service does: crawl, ingest, normalize pending items, index, search.
    name: 'services',
    modules: [/^src\/(indexing|ingest|search|ops)\//, /^crawler\/crawl\//],
  },
  { name: 'http', modules: [/^src\/http\//] },
  {
    name: 'entry',
    modules: [/^src\/(server|boot|assemble)\.ts$/, /^src\/cli\//, /^crawler\/[^/]+\.ts$/],
  },
];

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return files(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

// Static imports and re-exports (`import … from`, `export … from`, bare `import '…'`) and import().
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Edge {
  from: string;
  to: string;
  specifier: string;
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const edges: Edge[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (!specifier?.startsWith('.')) continue; // packages and node: builtins
    const target = path
      .relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier))
      .split(path.sep)
      .join('/')
      .replace(/\.js$/, '.ts');
    edges.push({ from: file, to: target, specifier });
  }
  return edges;
}

function layerOf(file: string): number {
  return LAYERS.findIndex((layer) => layer.modules.some((pattern) => pattern.test(file)));
}

const modules = SCANNED.flatMap(files);
const edges = modules.flatMap(importsOf);

describe('import graph', () => {
  it('finds the imports it checks', () => {
    // Guards the scanner itself: a regex that matched nothing would pass every rule below.
    expect(edges.length).toBeGreaterThan(150);
    expect(edges).toContainEqual({
      from: 'src/http/app.ts',
      to: 'src/search/service.ts',
      specifier: '../search/service.js',
    });
  });

  it('puts every module in a layer', () => {
    const unplaced = modules.filter((file) => layerOf(file) === -1);
    expect(
      unplaced,
      'modules in no layer: add them to LAYERS in tests/unit/architecture.test.ts',
    ).toEqual([]);
  });

  it('imports only the same layer or the layers below', () => {
    const upward = edges
      .filter((e) => layerOf(e.to) > layerOf(e.from))
      .map(
        (e) =>
          `${e.from} (${LAYERS[layerOf(e.from)]?.name}) imports '${e.specifier}' (${LAYERS[layerOf(e.to)]?.name})`,
      );
    expect(upward).toEqual([]);
  });

  it('has no cycles', () => {
    const next = new Map<string, string[]>();
    for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const to of next.get(file) ?? []) visit(to, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of modules) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
