export * from './access.decorator';
export * from './access.guard';
export * from './api-key.registry';
export * from './auth.module';
export * from './fan-token.verifier';
export * from './ownership';
export * from './principal';
