import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsCents, IsRfc3339 } from '@eventflow/errors';

/**
 * The internal messages users answers. RPC payloads skip the HTTP body parser's checks (no nulls,
 * no exponent numbers), so each rule here must hold on its own and never throw.
 */
class RpcRequest {
  @IsOptional() @IsString() requestId?: string;
}

export class GetUserMessage extends RpcRequest {
  @IsString() usuario_id!: string;
}

export class AuthenticateMessage extends RpcRequest {
  @IsString() access_token!: string;
}

/** Reservation ids become keys of the embedded history: no dots, no `$`. */
const RESERVATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class AppendPurchaseMessage extends RpcRequest {
  @IsString() usuario_id!: string;
  @Matches(RESERVATION_ID) reserva_id!: string;
  @IsString() evento_id!: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) cantidad!: number;
  @Type(() => Number) @IsCents() @Min(0) monto!: number;
  /** Stored as a Date: `new Date` must be able to read it. */
  @IsRfc3339() fecha_compra!: string;
}

export class RemovePurchaseMessage extends RpcRequest {
  @IsString() usuario_id!: string;
  @Matches(RESERVATION_ID) reserva_id!: string;
}
