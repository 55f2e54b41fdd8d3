export * from './error-message';
export * from './rebuild-once';
export * from './redis-connections';
export * from './redis-lock';
export * from './redis-script';
export * from './redis.constants';
export * from './redis.module';
export * from './repeating-job';
