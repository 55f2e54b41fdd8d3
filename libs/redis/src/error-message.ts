/**
 * What of an error may be logged: its message. ioredis attaches the failed command with its
 * arguments (`err.command.args`: cached profiles, tokens, payloads) and loggers serialize every
 * enumerable property, so an error object itself must never reach a log.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
