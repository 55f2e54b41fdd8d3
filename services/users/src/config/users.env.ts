import { ServiceEnv } from '@eventflow/config';

/** Settings of the users service; see the configuration table in README.md. */
export class UsersEnv extends ServiceEnv {
  override PORT = 3001;
  override RPC_PORT = 4001;
  override MONGO_DB = 'eventflow_users';
}
