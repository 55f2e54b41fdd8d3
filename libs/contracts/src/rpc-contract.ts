import type {
  AppendPurchaseReply,
  AppendPurchaseRequest,
  AuthenticateFanReply,
  AuthenticateFanRequest,
  GetUserRequest,
  RemovePurchaseReply,
  RemovePurchaseRequest,
  UserSummary,
} from './users.contract';
import type {
  CommitInventoryReply,
  EventSnapshot,
  GetEventRequest,
  InventoryReservationRef,
  RefundProgressReply,
  RefundProgressRequest,
  RefundsPendingReply,
  ReleaseInventoryReply,
  ReserveInventoryReply,
  ReserveInventoryRequest,
  StaleHoldsReply,
  StaleHoldsRequest,
} from './events.contract';

/** Every internal message: its payload and its reply. Both sides compile against this map. */
export interface RpcContract {
  'users.get': { payload: GetUserRequest; reply: UserSummary | null };
  'users.authenticate': { payload: AuthenticateFanRequest; reply: AuthenticateFanReply };
  'users.purchases.append': { payload: AppendPurchaseRequest; reply: AppendPurchaseReply };
  'users.purchases.remove': { payload: RemovePurchaseRequest; reply: RemovePurchaseReply };
  'events.get': { payload: GetEventRequest; reply: EventSnapshot | null };
  'events.inventory.reserve': { payload: ReserveInventoryRequest; reply: ReserveInventoryReply };
  'events.inventory.release': { payload: InventoryReservationRef; reply: ReleaseInventoryReply };
  'events.inventory.commit': { payload: InventoryReservationRef; reply: CommitInventoryReply };
  'events.inventory.stale-holds': { payload: StaleHoldsRequest; reply: StaleHoldsReply };
  'events.cancellations.pending': { payload: Record<string, never>; reply: RefundsPendingReply };
  'events.cancellations.progress': { payload: RefundProgressRequest; reply: RefundProgressReply };
}

export type RpcPattern = keyof RpcContract;
export type RpcPayload<P extends RpcPattern> = RpcContract[P]['payload'];
export type RpcReply<P extends RpcPattern> = RpcContract[P]['reply'];

/** The error shape RPC handlers send back (see the RPC exception filter). */
export interface RpcErrorPayload {
  status: 'error';
  kind: string;
  code: string;
  message: string;
}
