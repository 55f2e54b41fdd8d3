import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ServiceEnv } from '@eventflow/config';
import { storeWait } from '@eventflow/metrics';

/**
 * One MongoDB database per service. Commands are not buffered while disconnected,
 * so an outage surfaces at once (503) instead of hanging requests.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ServiceEnv],
      useFactory: (env: ServiceEnv) => ({
        uri: env.MONGO_URL,
        dbName: env.MONGO_DB,
        bufferCommands: false,
        serverSelectionTimeoutMS: 2_000,
        connectTimeoutMS: 2_000,
        socketTimeoutMS: 10_000,
        heartbeatFrequencyMS: 2_000,
        maxPoolSize: 50,
        retryAttempts: 20,
        retryDelay: 500,
        // Every command's round trip, as the driver measured it, for the store-wait metrics.
        monitorCommands: true,
        connectionFactory: (connection: Connection) => {
          const client = connection.getClient();
          const record = (event: { duration: number }) => storeWait.record('mongodb', event.duration);
          client.on('commandSucceeded', record);
          client.on('commandFailed', record);
          return connection;
        },
      }),
    }),
  ],
})
export class DatabaseModule {}
