import { ServiceEnv } from '@eventflow/config';

/** Settings of the reservations service; see the configuration table in README.md. */
export class ReservationsEnv extends ServiceEnv {
  override PORT = 3003;
  override RPC_PORT = 4003;
  override MONGO_DB = 'eventflow_reservations';
}
