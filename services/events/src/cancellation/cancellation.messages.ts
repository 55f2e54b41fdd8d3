/** RPC payloads of the cancellation's refunds, validated by the global pipe like public input. */
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import type { RefundProgressRequest } from '@eventflow/contracts';
import { WithRequestId } from '../inventory/inventory.messages';

export class RefundProgressMessage extends WithRequestId implements RefundProgressRequest {
  @IsString()
  @Matches(/^[0-9a-f]{24}$/)
  evento_id!: string;

  @IsInt()
  @Min(0)
  @Max(100_000_000)
  reservas_reembolsadas!: number;

  @IsInt()
  @Min(0)
  @Max(100_000_000)
  reservas_por_reembolsar!: number;

  @IsBoolean()
  completada!: boolean;
}
