import { ServiceEnv } from '@eventflow/config';

/** Settings of the events service; see the configuration table in README.md. */
export class EventsEnv extends ServiceEnv {
  override PORT = 3002;
  override RPC_PORT = 4002;
  override MONGO_DB = 'eventflow_events';
}
