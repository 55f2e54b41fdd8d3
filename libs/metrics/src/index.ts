export * from './store-wait.meter';
