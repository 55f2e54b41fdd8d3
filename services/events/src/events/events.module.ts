import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventRepository } from './event.repository';
import { EventDocument, EventSchema } from './event.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: EventDocument.name, schema: EventSchema }])],
  providers: [EventRepository],
  exports: [EventRepository],
})
export class EventsModule {}
