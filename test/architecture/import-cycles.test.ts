// No import circles among the product's files: imports run one way, from the modules that use a
// type or a helper to the leaf module that defines it. A circle makes module evaluation order depend
// on which file happens to be imported first, and it hides which module owns what.
//
// The imports are read by TypeScript's own compiler API (`ts.preProcessFile`, which sees type-only
// imports, re-exports and `import()` and skips comments and strings) and resolved by
// `ts.resolveModuleName` with the project's tsconfig, so a specifier means exactly what it means to
// `tsc`. The graph walk (Tarjan's strongly connected components, then a shortest cycle through each
// file of a component) is written here by hand: it is a few dozen lines, and madge, dpdm or skott
// would each add a dependency tree and a resolver of their own where the compiler's is at hand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const productFolders = ['analysis', 'db', 'chart', 'server', 'tools', 'client'];

type Graph = Map<string, string[]>;

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.json could not be read');
  return parsed.options;
}

function sourceFilesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(folder, f));
}

/**
 * Every import, type-only import, re-export and `import()` from one file to another of `files`;
 * `unresolved` names the relative imports of code that lead to none of them, which would otherwise
 * drop edges from the graph without a word.
 */
function importGraph(files: string[], options: ts.CompilerOptions): { graph: Graph; unresolved: string[] } {
  const known = new Set(files);
  const graph: Graph = new Map();
  const unresolved: string[] = [];
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule;
      const target = resolved && path.resolve(resolved.resolvedFileName);
      if (target && known.has(target)) targets.add(target);
      else if (/^\.\.?\//.test(fileName) && !/\.(css|json|svg|png)$/.test(fileName)) unresolved.push(`${file}: ${fileName}`);
    }
    graph.set(file, [...targets].sort());
  }
  return { graph, unresolved };
}

/** Tarjan: the strongly connected components; a file is on a circle iff its component has two or more files, or it imports itself. */
function circularComponents(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * Readable circles: for each file of a circular component, the shortest way from it back to itself
 * (breadth-first inside the component), each circle written once, starting at its first file by name.
 * Listing every elementary circle could run to thousands; these name every file and edge that matters.
 */
function findCycles(graph: Graph): string[][] {
  const cycles = new Map<string, string[]>();
  for (const component of circularComponents(graph)) {
    const inside = new Set(component);
    for (const start of component) {
      const previous = new Map<string, string>();
      let frontier = [start];
      let found: string | undefined;
      while (frontier.length > 0 && found === undefined) {
        const next: string[] = [];
        for (const v of frontier) {
          for (const w of graph.get(v) ?? []) {
            if (!inside.has(w)) continue;
            if (w === start) {
              found = v;
              break;
            }
            if (previous.has(w)) continue;
            previous.set(w, v);
            next.push(w);
          }
          if (found !== undefined) break;
        }
        frontier = next;
      }
      if (found === undefined) continue;
      const chain = [found];
      while (chain[0] !== start) chain.unshift(previous.get(chain[0]!)!);
      const first = chain.indexOf([...chain].sort()[0]!);
      const rotated = [...chain.slice(first), ...chain.slice(0, first)];
      cycles.set(rotated.join('\n'), rotated);
    }
  }
  return [...cycles.values()].sort((a, b) => a.join('\n').localeCompare(b.join('\n')));
}

const describeCycle = (cycle: string[], base: string) =>
  [...cycle, cycle[0]!].map((f) => path.relative(base, f).split(path.sep).join('/')).join(' → ');

describe('import graph of the product (analysis/, db/, chart/, server/, client/)', () => {
  const files = productFolders.flatMap((folder) => sourceFilesUnder(path.join(root, folder)));
  const { graph, unresolved } = importGraph(files, compilerOptions());

  it('reads the real imports, type-only ones included', () => {
    // Guards against a graph that finds no circles because it found no edges.
    expect(files.length).toBeGreaterThan(100);
    expect(unresolved).toEqual([]);
    const edges = (from: string) => graph.get(path.join(root, from))!.map((f) => path.relative(root, f));
    expect(edges('server/validation/index.ts')).toContain('server/validation/fast.ts');
    // `import type { ValidationCode, ValidationIssue } from './types.ts'`
    expect(edges('server/validation/issues.ts')).toEqual(['server/validation/types.ts']);
  });

  it('has no import circle', () => {
    const cycles = findCycles(graph).map((c) => describeCycle(c, root));
    expect(cycles, `import circles:\n${cycles.join('\n')}`).toEqual([]);
  });
});

describe('the circle finder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-cycles-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const graphOf = (files: Record<string, string>) => {
    const sub = fs.mkdtempSync(path.join(dir, 'case-'));
    fs.writeFileSync(path.join(sub, 'package.json'), '{"type":"module"}');
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(sub, name)), { recursive: true });
      fs.writeFileSync(path.join(sub, name), text);
    }
    const { graph, unresolved } = importGraph(
      Object.keys(files).map((name) => path.join(sub, name)),
      compilerOptions(),
    );
    return { cycles: findCycles(graph).map((c) => describeCycle(c, sub)), unresolved: unresolved.map((u) => path.relative(sub, u)) };
  };
  const write = (files: Record<string, string>) => {
    const { cycles, unresolved } = graphOf(files);
    expect(unresolved).toEqual([]);
    return cycles;
  };

  it('finds a circle closed by a type-only import and a re-export', () => {
    const cycles = write({
      'a.ts': "export * from './b.ts';\nexport const a = 1;\n",
      'b.ts': "import { c } from './lib/c.tsx';\nexport const b = c;\n",
      'lib/c.tsx': "import type { A } from '../a.ts';\nexport const c = 2;\n",
      'leaf.ts': "import { a } from './a.ts';\nexport const leaf = a;\n",
    });
    expect(cycles).toEqual(['a.ts → b.ts → lib/c.tsx → a.ts']);
  });

  it('names each circle of a tangle, and a file importing itself', () => {
    const cycles = write({
      'index.ts': "import { x } from './x.ts';\nimport { y } from './y.ts';\nexport type T = number;\n",
      'x.ts': "import type { T } from './index.ts';\nexport const x = 1;\n",
      'y.ts': "export { type T } from './index.ts';\nexport const y = 2;\n",
      'self.ts': "import * as me from './self.ts';\nexport const s = me;\n",
      'page.tsx': "export const Page = () => import('./lazy.tsx');\n",
      'lazy.tsx': "let parent: typeof import('./page.tsx') | undefined;\nexport const lazy = parent;\n",
    });
    expect(cycles).toEqual(['index.ts → x.ts → index.ts', 'index.ts → y.ts → index.ts', 'lazy.tsx → page.tsx → lazy.tsx', 'self.ts → self.ts']);
  });

  it('reports an import that leads to no file instead of leaving it out of the graph', () => {
    const { unresolved } = graphOf({ 'a.ts': "import { b } from './b.ts';\nimport './a.css';\nimport fs from 'node:fs';\nexport const a = b;\n" });
    expect(unresolved).toEqual(['a.ts: ./b.ts']);
  });

  it('finds none where imports run one way, and ignores imports in comments, strings and packages', () => {
    const cycles = write({
      'types.ts': 'export type T = number;\n',
      'a.ts': "import type { T } from './types.ts';\nimport ts from 'typescript';\n// import { b } from './b.ts';\nexport const a: T = 1;\n",
      'b.ts': "import { a } from './a.ts';\nconst s = `import './b.ts'`;\nexport const b = a + s.length;\n",
    });
    expect(cycles).toEqual([]);
  });
});
