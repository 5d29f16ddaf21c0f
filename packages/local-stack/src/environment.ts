/**
 * The handlers' environment. Lambda gives each function its own; in one process the stack
 * sets `process.env` before importing each handler module, because handlers read it at
 * module scope (in their composition roots).
 */
import type { EnvironmentSource, FunctionDescription } from '@chat/domain';
import { ConfigurationError } from './errors.js';

/** The values an app description's environment sources resolve to. */
export interface EnvironmentValues {
  readonly tableName: string;
  /** The Management API endpoint, `http://127.0.0.1:{port}/{stage}`. */
  readonly connectionsEndpoint: string;
}

/** The value of one environment source. */
export function resolveSource(source: EnvironmentSource, values: EnvironmentValues): string {
  switch (source.from) {
    case 'tableName':
      return values.tableName;
    case 'connectionsEndpoint':
      return values.connectionsEndpoint;
    case 'value':
      return source.value;
  }
}

/** The variables a function's description asks for, resolved. */
export function functionEnvironment(
  fn: FunctionDescription,
  values: EnvironmentValues,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fn.environment).map(([name, source]) => [name, resolveSource(source, values)]),
  );
}

/**
 * Names whose value differs between functions. One process has one `process.env`, so a
 * handler that reads such a variable at call time may see another function's value.
 */
export function conflictingVariables(environments: readonly Record<string, string>[]): string[] {
  const seen = new Map<string, string>();
  const conflicts = new Set<string>();
  for (const environment of environments) {
    for (const [name, value] of Object.entries(environment)) {
      const previous = seen.get(name);
      if (previous !== undefined && previous !== value) conflicts.add(name);
      seen.set(name, value);
    }
  }
  return [...conflicts];
}

/** Sets `process.env` variables and puts the previous values back on `restore()`. */
export class ProcessEnvironment {
  readonly #previous = new Map<string, string | undefined>();

  /** Sets the variables, remembering each one's value before the first change. */
  apply(variables: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(variables)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new ConfigurationError(`"${name}" is not a valid environment variable name.`);
      }
      if (!this.#previous.has(name)) this.#previous.set(name, process.env[name]);
      process.env[name] = value;
    }
  }

  /** Puts back every variable as it was before the first `apply`. */
  restore(): void {
    for (const [name, value] of this.#previous) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    this.#previous.clear();
  }
}
