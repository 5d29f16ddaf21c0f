import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

/** Static and dynamic import specifiers of every module reachable from `entry`. */
function importGraph(entry: string): { files: string[]; statics: string[]; dynamics: string[] } {
  const files: string[] = [];
  const statics = new Set<string>();
  const dynamics = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const source = readFileSync(`${srcDir}${file}`, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gmu)) {
      const specifier = match[1]!;
      if (specifier.startsWith('./')) pending.push(specifier.slice(2).replace(/\.js$/u, '.ts'));
      else statics.add(specifier);
    }
    for (const match of source.matchAll(/\bimport\('([^']+)'\)/gu)) dynamics.add(match[1]!);
  }
  return { files, statics: [...statics].sort(), dynamics: [...dynamics].sort() };
}

describe('the package entry', () => {
  it('imports no Node module, so a browser bundle can use it; ws only on demand', () => {
    // Act
    const graph = importGraph('index.ts');

    // Assess
    expect(graph.files).toContain('chat-client.ts');
    expect(graph.files).toContain('transport.ts');
    expect(graph.files).not.toContain('cli-main.ts');
    expect(graph.statics).toEqual(['@chat/domain']);
    expect(graph.dynamics).toEqual(['ws']);
  });
});
