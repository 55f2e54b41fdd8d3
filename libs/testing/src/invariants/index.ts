export * from './check-invariants';
export * from './invariants.types';
