import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from './servers.js';

/**
 * Compiles the benchmark servers (and the src/ modules they import) with the project's tsconfig into
 * a temporary directory, so they can run on plain `node` without the tsx loader, like the built
 * validator does in production. Returns the directory and a function that deletes it.
 */
export function compileServers(files: readonly string[]): { dir: string; remove(): void } {
  const configPath = join(PROJECT_ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, PROJECT_ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const program = ts.createProgram({
      rootNames: files.map((f) => join(PROJECT_ROOT, 'bench', 'servers', f)),
      options: { ...parsed.options, outDir: dir, rootDir: PROJECT_ROOT, noEmit: false, declaration: false, sourceMap: false },
    });
    const emitted = program.emit();
    if (emitted.emitSkipped) throw new Error(`compiling ${files.join(', ')} failed: ${ts.formatDiagnostics(emitted.diagnostics, formatHost)}`);
    // The emitted files are ES modules: tell node so, as the project's package.json does.
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    // Dependencies (undici, better-sqlite3) resolve from the temporary directory through a link.
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return { dir, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => PROJECT_ROOT,
  getNewLine: () => '\n',
};
