import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Every module under src/ and the modules it imports (type-only imports too: they couple rooms as much). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => normalize(join(dirname(path), (m[1] ?? '').replace(/\.js$/, '.ts'))));
        graph.set(path, targets);
      }
    }
  };
  visit(SRC);
  return graph;
}

const roomOf = (module: string): string => {
  const parts = relative(SRC, module).split('/');
  return parts.length > 1 ? (parts[0] ?? '') : '(root)';
};

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const walk = (module: string) => {
    state.set(module, 'open');
    stack.push(module);
    for (const next of graph.get(module) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((m) => relative(SRC, m)));
      else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of graph.keys()) if (!state.has(module)) walk(module);
  return found;
}

/** Rooms a room must never import: the dependencies point from the CLI down to core, never back. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  core: ['util', 'store', 'redact', 'record', 'import', 'replay', 'compare', 'report', 'gate', 'render', 'config', 'cli', 'demo'],
  util: ['store', 'redact', 'record', 'import', 'replay', 'compare', 'report', 'gate', 'render', 'config', 'cli', 'demo'],
  store: ['record', 'import', 'replay', 'compare', 'report', 'gate', 'render', 'config', 'cli', 'demo'],
  redact: ['store', 'record', 'import', 'replay', 'compare', 'report', 'gate', 'render', 'config', 'cli', 'demo'],
  compare: ['store', 'record', 'import', 'replay', 'gate', 'render', 'config', 'cli', 'demo'],
  report: ['store', 'record', 'import', 'replay', 'gate', 'render', 'config', 'cli', 'demo'],
  gate: ['store', 'record', 'import', 'replay', 'render', 'config', 'cli', 'demo'],
  render: ['store', 'record', 'import', 'replay', 'config', 'cli', 'demo'],
  replay: ['record', 'import', 'gate', 'render', 'config', 'cli', 'demo'],
  record: ['import', 'replay', 'compare', 'report', 'gate', 'render', 'config', 'cli', 'demo'],
  import: ['record', 'replay', 'compare', 'report', 'gate', 'render', 'config', 'cli', 'demo'],
  config: ['cli', 'demo', 'render'],
  // The bench measures services from captures: it reads the store, never replays, compares or renders.
  bench: ['record', 'import', 'replay', 'compare', 'report', 'gate', 'render', 'config', 'cli', 'demo'],
};

describe('the import graph of src/', () => {
  const graph = importGraph();

  test('has no cycle between modules', () => {
    expect(cycles(graph)).toEqual([]);
  });

  test('points one way between rooms', () => {
    const wrong = [...graph].flatMap(([module, targets]) =>
      targets.filter((t) => FORBIDDEN[roomOf(module)]?.includes(roomOf(t))).map((t) => `${relative(SRC, module)} → ${relative(SRC, t)}`),
    );
    expect(wrong).toEqual([]);
  });
});
