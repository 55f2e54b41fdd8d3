export * from './logging.module';
export * from './request-context';
export * from './request-context.interceptor';
export * from './safe-error';
