import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { DependencyUnavailableError, DomainError } from '@eventflow/errors';
import { currentRequestId } from '@eventflow/logging';
import { currentTraceparent } from '@eventflow/tracing';
import { RpcErrorPayload, RpcPattern, RpcPayload, RpcReply } from './rpc-contract';
import { RpcSigner } from './rpc-envelope';

export type RpcTarget = 'users' | 'events';

/**
 * Typed request/reply over the internal transport. Every call has a deadline; a timeout
 * or a transport failure becomes DependencyUnavailableError (the caller decides whether to
 * retry — only idempotent messages should be). Every message is signed (see RpcSigner), with
 * the request id and the trace context (W3C traceparent) beside the payload.
 */
export class RpcClient {
  constructor(
    readonly target: RpcTarget,
    private readonly proxy: ClientProxy,
    private readonly defaultTimeoutMs: number,
    // Services pass the signer built from their validated env; test helpers get the same secrets from process.env.
    private readonly signer: RpcSigner = RpcSigner.fromProcessEnv(),
  ) {}

  async send<P extends RpcPattern>(pattern: P, payload: RpcPayload<P>, options: { timeoutMs?: number } = {}): Promise<RpcReply<P>> {
    const message = this.signer.sign(pattern, payload, { requestId: currentRequestId(), traceparent: currentTraceparent() });
    try {
      return await firstValueFrom(this.proxy.send<RpcReply<P>>(pattern, message).pipe(timeout(options.timeoutMs ?? this.defaultTimeoutMs)));
    } catch (error) {
      throw this.translate(pattern, error);
    }
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }

  private translate(pattern: string, error: unknown): Error {
    if (error instanceof TimeoutError) {
      return new DependencyUnavailableError(`${this.target} service`, `${this.target} service did not answer ${pattern} in time`);
    }
    const remote = error as Partial<RpcErrorPayload> | undefined;
    // A refused payload is our own bug or bad input, not an outage: do not retry it.
    if (remote && remote.status === 'error' && remote.kind === 'invalid') {
      return new DomainError(remote.code ?? 'RPC.INVALID', remote.message ?? 'Invalid internal request', 'invalid');
    }
    return new DependencyUnavailableError(`${this.target} service`, `${this.target} service failed ${pattern}`, 5, { cause: error });
  }
}
