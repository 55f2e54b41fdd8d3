/** RPC payloads, validated by the global pipe like public input: a malformed message is refused, never a 500. */
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { InventoryReservationRef, ReserveInventoryRequest } from '@eventflow/contracts';

const OBJECT_ID = /^[0-9a-f]{24}$/;
const RESERVATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class WithRequestId {
  /** Added by RpcClient so logs correlate; not business data. */
  @IsOptional()
  @IsString()
  requestId?: string;
}

export class ReservationMessage extends WithRequestId implements InventoryReservationRef {
  @IsString()
  @Matches(OBJECT_ID)
  evento_id!: string;

  @IsString()
  @Matches(RESERVATION_ID)
  reserva_id!: string;
}

export class ReserveMessage extends ReservationMessage implements ReserveInventoryRequest {
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  cantidad!: number;

  @IsOptional()
  @IsBoolean()
  oferta?: boolean;
}

export class StaleHoldsMessage extends WithRequestId {
  @IsInt()
  @Min(0)
  @Max(30 * 24 * 3_600_000)
  older_than_ms!: number;
}
