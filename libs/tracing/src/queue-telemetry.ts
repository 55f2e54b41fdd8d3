import { BullMQOtel } from 'bullmq-otel';
import { tracingEnabled } from './tracing.sdk';

let telemetry: BullMQOtel | undefined;

/**
 * BullMQ's own OpenTelemetry spans (jobs added, processed, retried) for a Queue's or Worker's
 * `telemetry` option, linking a job to whatever added it; undefined while tracing is off.
 */
export function queueTelemetry(): { telemetry?: BullMQOtel } {
  if (!tracingEnabled()) return {};
  telemetry ??= new BullMQOtel('eventflow');
  return { telemetry };
}
