export * from './events.contract';
export * from './rpc-clients.module';
export * from './rpc-contract';
export * from './rpc-envelope';
export * from './rpc.client';
export * from './rpc-transport';
export * from './users.contract';
export * from './fan-token-owners';
