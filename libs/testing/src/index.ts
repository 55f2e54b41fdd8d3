export * from './factories';
export * from './http';
export * from './ports';
export * from './process';
export * from './stack';
export * from './stores';
export * from './wait';
export * from './real-redis';
