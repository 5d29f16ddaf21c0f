/**
 * Lambda event filtering for event source mappings: a record invokes the function when it
 * matches any of the trigger's filter patterns. Supported syntax: nested keys, exact values
 * (strings, numbers, booleans, null), `prefix`, `suffix`, `equals-ignore-case`,
 * `anything-but`, `numeric` ranges, `exists` and `wildcard`.
 */

type Pattern = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

const COMPARATORS: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

function matchesNumeric(value: unknown, conditions: unknown): boolean {
  const number = asNumber(value);
  if (number === undefined || !Array.isArray(conditions)) return false;
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const compare = COMPARATORS[String(conditions[i])];
    const bound = asNumber(conditions[i + 1]);
    if (compare === undefined || bound === undefined || !compare(number, bound)) return false;
  }
  return true;
}

function wildcardRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 's');
}

/** Whether one present (scalar) value satisfies one condition of a pattern's list. */
function matchesCondition(value: unknown, condition: unknown): boolean {
  if (!isRecord(condition)) return value === condition;
  if ('prefix' in condition) {
    return typeof value === 'string' && typeof condition.prefix === 'string'
      ? value.startsWith(condition.prefix)
      : false;
  }
  if ('suffix' in condition) {
    return typeof value === 'string' && typeof condition.suffix === 'string'
      ? value.endsWith(condition.suffix)
      : false;
  }
  if ('equals-ignore-case' in condition) {
    const expected = condition['equals-ignore-case'];
    return (
      typeof value === 'string' &&
      typeof expected === 'string' &&
      value.toLowerCase() === expected.toLowerCase()
    );
  }
  if ('anything-but' in condition) {
    const excluded = condition['anything-but'];
    if (isRecord(excluded)) return !matchesCondition(value, excluded);
    const list = Array.isArray(excluded) ? excluded : [excluded];
    return !list.some((item) => matchesCondition(value, item));
  }
  if ('numeric' in condition) return matchesNumeric(value, condition.numeric);
  if ('wildcard' in condition) {
    return typeof value === 'string' && typeof condition.wildcard === 'string'
      ? wildcardRegExp(condition.wildcard).test(value)
      : false;
  }
  return false;
}

/** Whether the value at a key (maybe absent) satisfies a list of conditions (any of them). */
function matchesConditions(value: unknown, conditions: readonly unknown[]): boolean {
  return conditions.some((condition) => {
    if (isRecord(condition) && 'exists' in condition) {
      const present = value !== undefined && !(Array.isArray(value) && value.length === 0);
      return condition.exists === present;
    }
    if (value === undefined) return false;
    if (Array.isArray(value)) return value.some((item) => matchesCondition(item, condition));
    return matchesCondition(value, condition);
  });
}

/** Whether an event matches one filter pattern: every key of the pattern must match. */
export function matchesPattern(event: unknown, pattern: Pattern): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const value = isRecord(event) ? event[key] : undefined;
    if (Array.isArray(expected)) return matchesConditions(value, expected);
    if (isRecord(expected)) return matchesPattern(value, expected);
    return false;
  });
}

/** Whether an event passes a trigger's filter: no patterns, or any pattern matching. */
export function matchesAnyPattern(event: unknown, patterns: readonly Pattern[]): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesPattern(event, pattern));
}
