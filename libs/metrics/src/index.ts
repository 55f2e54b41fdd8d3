export * from './cache.metrics';
export * from './http.metrics';
export * from './metrics.module';
export * from './metrics.registry';
export * from './store-wait.meter';
