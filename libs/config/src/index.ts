export * from './env.module';
export * from './service-env';
export * from './transforms';
export * from './validate-env';
