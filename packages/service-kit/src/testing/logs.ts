/**
 * The structured log lines a handler writes, captured from the process's stdout and stderr
 * (the Powertools logger writes errors to stderr).
 */

type Write = typeof process.stdout.write;

/**
 * Runs `act` and returns the JSON log lines written meanwhile, parsed. Other output is
 * swallowed while `act` runs; the streams are restored even when `act` throws.
 */
export async function captureLogs(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const capture = ((chunk: string | Uint8Array) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as Write;
  const streams = [process.stdout, process.stderr];
  // Put back exactly what was there: an own `write` (another spy), or none (the prototype's).
  const saved = streams.map((stream) => Object.getOwnPropertyDescriptor(stream, 'write'));
  for (const stream of streams) stream.write = capture;
  try {
    await act();
  } finally {
    streams.forEach((stream, index) => {
      const descriptor = saved[index];
      if (descriptor === undefined) Reflect.deleteProperty(stream, 'write');
      else Object.defineProperty(stream, 'write', descriptor);
    });
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
