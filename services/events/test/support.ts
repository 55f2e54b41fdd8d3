import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import mongoose from 'mongoose';
import { RpcClient } from '@eventflow/contracts';

/** A typed RPC client for the events service's internal listener. */
export function eventsRpc(port: number): RpcClient {
  const proxy = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  return new RpcClient('events', proxy, 15_000);
}

/** Reads the inventory ledger straight from MongoDB, to check what the API reports. */
export async function ledgerReader(mongoUrl: string) {
  const connection = await mongoose.createConnection(mongoUrl, { dbName: 'eventflow_events' }).asPromise();
  const ledger = connection.collection('inventory_ledger');
  return {
    count: (eventoId: string, kind: 'reserve' | 'release' | 'commit') => ledger.countDocuments({ evento_id: eventoId, kind }),
    close: () => connection.close(),
  };
}

export const aReservationId = (() => {
  let n = 0;
  const run = Date.now().toString(36);
  return () => `res-${run}-${(n++).toString(36)}`;
})();
