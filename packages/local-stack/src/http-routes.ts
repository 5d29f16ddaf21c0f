/**
 * HTTP API route matching: `METHOD /path/{param}` templates, with `{proxy+}` greedy
 * parameters, choosing the most specific route when several match, as API Gateway does.
 */

/** One HTTP API route and the function behind it. */
export interface HttpRoute {
  readonly method: string;
  /** API Gateway path template, e.g. `/rooms/{roomId}/messages`. */
  readonly path: string;
  /** `GET /rooms/{roomId}/messages` */
  readonly routeKey: string;
  readonly functionName: string;
  readonly authorization: 'none' | 'iam';
}

/** A matched route with its decoded path parameters. */
export interface RouteMatch {
  readonly route: HttpRoute;
  readonly pathParameters: Record<string, string>;
}

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'parameter'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

function parseTemplate(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part): Segment => {
      const greedy = /^\{([^}]+)\+\}$/.exec(part);
      if (greedy?.[1] !== undefined) return { kind: 'greedy', name: greedy[1] };
      const parameter = /^\{([^}]+)\}$/.exec(part);
      if (parameter?.[1] !== undefined) return { kind: 'parameter', name: parameter[1] };
      return { kind: 'literal', value: part };
    });
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** How specific a template is: literals beat parameters, which beat greedy parameters. */
function specificity(segments: readonly Segment[]): number[] {
  return segments.map((segment) =>
    segment.kind === 'literal' ? 2 : segment.kind === 'parameter' ? 1 : 0,
  );
}

function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (b[i] ?? -1) - (a[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

function matchSegments(
  template: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of template.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      if (rest.length === 0 || rest.every((part) => part === '')) return undefined;
      parameters[segment.name] = decode(rest.join('/'));
      return parameters;
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (decode(part) !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      parameters[segment.name] = decode(part);
    }
  }
  return parts.length === template.length ? parameters : undefined;
}

/** Matches requests against a fixed set of routes. */
export class HttpRouter {
  readonly #routes: { route: HttpRoute; segments: Segment[] }[];

  constructor(routes: readonly HttpRoute[]) {
    this.#routes = routes
      .map((route) => ({ route, segments: parseTemplate(route.path) }))
      .sort((a, b) => compareSpecificity(specificity(a.segments), specificity(b.segments)));
  }

  /** The most specific route for the method and raw (still encoded) path, if any. */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const parts = rawPath.split('/').slice(1);
    for (const { route, segments } of this.#routes) {
      if (route.method !== method) continue;
      const pathParameters = matchSegments(segments, parts);
      if (pathParameters !== undefined) return { route, pathParameters };
    }
    return undefined;
  }

  /** Every method some route answers, for CORS. */
  get methods(): string[] {
    return [...new Set(this.#routes.map(({ route }) => route.method))];
  }
}
