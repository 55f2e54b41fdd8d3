import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { CancellationRpcController } from './cancellation.rpc.controller';

/** Which cancelled events still refund their reservations, and their progress. */
@Module({
  imports: [EventsModule],
  controllers: [CancellationRpcController],
})
export class CancellationModule {}
