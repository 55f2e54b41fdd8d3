import type { JobLog } from './job-worker';

/** Our own log port for the job specs, recording what would have been written. */
export class RecordingJobLog implements JobLog {
  readonly lines: string[] = [];
  warn(context: Record<string, unknown>, message: string): void {
    this.lines.push(JSON.stringify({ ...context, message }));
  }
}
