export * from './database.module';
export * from './object-id';
