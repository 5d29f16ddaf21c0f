/**
 * Synthesizes a chat stack in memory for assertions with CDKTF's `Testing` helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { afterAll } from 'vitest';
import { ChatStack, type ChatStackOptions } from '../../src/chat-stack.js';
import { fixtureApps } from '../fixtures/app.js';

/** One bundle folder per test file, outside the repository, removed when the file is done. */
export const testBundleDir = mkdtempSync(join(tmpdir(), 'chat-infra-bundles-'));
afterAll(() => {
  rmSync(testBundleDir, { recursive: true, force: true });
});

/** The synthesized stack, as a string (for `Testing.*`) and parsed (for everything else). */
export interface SynthesizedStack {
  readonly stack: ChatStack;
  readonly synthesized: string;
  readonly json: SynthesizedJson;
}

/** The parts of `cdk.tf.json` the tests read. */
export interface SynthesizedJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
  readonly output: Record<string, { value: unknown }>;
  readonly provider: Record<string, Record<string, unknown>[]>;
  readonly terraform: Record<string, unknown>;
}

/** Synthesizes a stack of the fixture apps (or the given apps) with test defaults. */
export function synthesizeStack(options: Partial<ChatStackOptions> = {}): SynthesizedStack {
  const app = Testing.app();
  const stack = new ChatStack(app, 'chat-test', {
    stage: 'test',
    region: 'eu-west-1',
    apps: fixtureApps,
    bundle: { outDir: testBundleDir },
    ...options,
  });
  const synthesized = Testing.synth(stack);
  return { stack, synthesized, json: JSON.parse(synthesized) as SynthesizedJson };
}

/** Every resource of a type, as `[logicalId, config]` pairs. */
export function resourcesOf(
  json: SynthesizedJson,
  type: string,
): [string, Record<string, unknown>][] {
  return Object.entries(json.resource[type] ?? {});
}

/** The single resource of a type whose config has the given property values. */
export function findResource(
  json: SynthesizedJson,
  type: string,
  where: (config: Record<string, unknown>) => boolean,
): [string, Record<string, unknown>] {
  const found = resourcesOf(json, type).filter(([, config]) => where(config));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}
