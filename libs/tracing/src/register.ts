import { basename, dirname } from 'node:path';
import { startTracing } from './tracing.sdk';

// Imported first by each service's main.ts (dist/services/<name>/src/main.js): starts tracing
// before anything it instruments is loaded. Does nothing unless an OTLP endpoint is set.
startTracing(basename(dirname(dirname(process.argv[1] ?? 'eventflow'))));
