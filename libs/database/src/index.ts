export * from './database.module';
export * from './object-id';
export * from './store-kind';
