import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { OpenedEnvelope, RpcSigner } from '@eventflow/contracts';
import { DomainError } from '@eventflow/errors';
import { RPC_TRACEPARENT } from '@eventflow/tracing';

/**
 * Every `@MessagePattern` handler serves only messages one of EventFlow's services signed for
 * that pattern, moments ago (see RpcSigner). A refused message is logged by pattern and reason,
 * never with its payload, and answered with an RPC error of kind `unauthorized`.
 *
 * An accepted envelope is opened in place into the flat message the handlers validate
 * (`{...payload, requestId}`): guards run before pipes, and both see the same object. Its
 * traceparent, if any, rides along under a symbol for the trace interceptor.
 */
@Injectable()
export class RpcSignatureGuard implements CanActivate {
  private readonly logger = new Logger('RpcSignatureGuard');

  constructor(private readonly signer: RpcSigner) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const patterns = (Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) as unknown[] | undefined) ?? [];
    const pattern = patterns.find((candidate): candidate is string => typeof candidate === 'string');
    const message: unknown = context.switchToRpc().getData();
    const opened: OpenedEnvelope = pattern === undefined ? { ok: false, reason: 'unsigned' } : this.signer.verify(pattern, message);
    if (!opened.ok) {
      this.logger.warn({ pattern, reason: opened.reason, kid: opened.kid }, 'refused an internal message');
      throw new DomainError('RPC.UNAUTHORIZED', 'This message is not signed by an EventFlow service', 'unauthorized');
    }
    const envelope = message as Record<string, unknown>;
    for (const key of Object.keys(envelope)) delete envelope[key];
    Object.assign(envelope, opened.payload, opened.meta.requestId === undefined ? {} : { requestId: opened.meta.requestId });
    // Signed like the rest of the meta; kept off the fields the handler validates (see RpcTraceInterceptor).
    if (typeof opened.meta.traceparent === 'string') Object.defineProperty(envelope, RPC_TRACEPARENT, { value: opened.meta.traceparent });
    return true;
  }
}
