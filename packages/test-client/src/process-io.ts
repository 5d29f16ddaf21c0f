/**
 * Process wiring shared by the `chat` and `chat-load` bins.
 */

/** A signal aborted by the first Ctrl-C (SIGINT) or SIGTERM; a second one exits at once. */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

/**
 * Sets the exit code and lets the event loop drain, but exits anyway shortly after in
 * case a handle (a half-closed socket, stdin) would keep the process alive.
 */
export function exitWhenDone(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
}
