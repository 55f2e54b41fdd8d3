export * from './domain-error';
export * from './error-body';
export * from './global-exception.filter';
export * from './infrastructure-errors';
export * from './input.validators';
export * from './validation.pipe';
