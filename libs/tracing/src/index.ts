export * from './rpc-trace.interceptor';
export * from './spans';
export * from './tracing.sdk';
export * from './queue-telemetry';
