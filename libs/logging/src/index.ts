export * from './logging.module';
export * from './request-context';
export * from './request-context.interceptor';
