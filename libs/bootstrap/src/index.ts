export * from './bootstrap-service';
export * from './early-answers';
