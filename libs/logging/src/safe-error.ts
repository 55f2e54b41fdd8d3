/**
 * Errors as logs may show them. Driver errors carry the data they were about: ioredis puts the
 * command and its arguments on `err.command` (a whole cached profile), MongoDB puts the document's
 * values in `keyValue`, `errmsg` and the message ("dup key: { email_hash: … }"). pino's default
 * serializer copies every enumerable field; this keeps the name, the code, the stack frames and
 * the message with every value taken out.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
}

const MAX_MESSAGE = 300;
const MAX_FRAMES = 8;

/** Value-shaped parts of a message, most specific first. */
const VALUES: [RegExp, string][] = [
  [/\s*dup key:.*$/s, ' (duplicate key)'],
  [/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '"…"'],
  [/\{[^{}]*\}/g, '{…}'],
  [/[^\s@'"<>(){}[\],;:]+@[^\s@'"<>(){}[\],;:]+/g, '<email>'],
  [/\b[0-9a-f]{24}\b/gi, '<id>'],
  [/\b[0-9a-f]{16,}\b/gi, '<hex>'],
  // Long runs of base64 or hex with a digit in them: keys, tokens, hashes (names like MongoServerSelectionError stay).
  [/(?=[A-Za-z_\-+/=]*\d)[A-Za-z0-9_\-+/=]{20,}/g, '<token>'],
  [/\d{5,}/g, '<number>'],
];

export function scrubMessage(message: string): string {
  const scrubbed = VALUES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
  return scrubbed.length > MAX_MESSAGE ? `${scrubbed.slice(0, MAX_MESSAGE)}…` : scrubbed;
}

function framesOf(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_FRAMES);
  return frames.length > 0 ? frames.join('\n') : undefined;
}

/** Anything logged as an error (an Error, a message string, a rejected value) in a form safe to write. */
export function safeError(error: unknown): SafeError | string {
  if (typeof error === 'string') return scrubMessage(error);
  if (typeof error !== 'object' || error === null) return typeof error;
  // `type` when pino's standard serializer already ran (pino-http runs it before ours), else the Error's name.
  const { type, name, message, code, stack } = error as Record<string, unknown>;
  const safe: SafeError = {
    type: typeof type === 'string' ? type : typeof name === 'string' ? name : (error.constructor?.name ?? 'Object'),
    message: typeof message === 'string' ? scrubMessage(message) : '',
  };
  if ((typeof code === 'string' && code.length <= 64) || typeof code === 'number') safe.code = code;
  const frames = framesOf(stack);
  if (frames) safe.stack = frames;
  return safe;
}
