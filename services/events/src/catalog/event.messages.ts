import { IsString, Matches } from 'class-validator';
import type { GetEventRequest } from '@eventflow/contracts';
import { WithRequestId } from '../inventory/inventory.messages';

export class GetEventMessage extends WithRequestId implements GetEventRequest {
  @IsString()
  @Matches(/^[0-9a-f]{24}$/)
  evento_id!: string;
}
