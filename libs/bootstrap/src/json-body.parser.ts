import type { IncomingMessage } from 'node:http';
import { BadRequestException, RequestTimeoutException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { invalidFields } from '@eventflow/errors';
import { hostileFieldsOf, MAX_JSON_DEPTH, nestsDeeperThan } from './json-body.checks';

export interface BodyLimits {
  /** Larger bodies get 413. */
  bodyLimit: number;
  /** A body that has not fully arrived by then gets 408. */
  timeoutMs: number;
}

/** Errors in the form Fastify's own parser reports them, so the exception filter maps them alike. */
const fastifyError = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { statusCode, code });
const utf8 = new TextDecoder('utf-8', { fatal: true });

function readBody(stream: IncomingMessage, { bodyLimit, timeoutMs }: BodyLimits): Promise<Buffer> {
  const declared = stream.headers['content-length'] === undefined ? undefined : Number(stream.headers['content-length']);
  if (declared !== undefined && declared > bodyLimit) {
    return Promise.reject(fastifyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, received));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > bodyLimit) finish(fastifyError(413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'));
      else chunks.push(chunk);
    };
    const onEnd = () =>
      finish(
        declared !== undefined && received !== declared
          ? fastifyError(400, 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'Content-Length does not match the body')
          : undefined,
      );
    const onError = () => finish(fastifyError(400, 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'The request body was cut off'));
    // A Content-Length larger than the body, or a client that trickles it, must not hold a connection forever.
    const timer = setTimeout(
      () => finish(new RequestTimeoutException(`The request body did not arrive within ${timeoutMs} ms`)),
      timeoutMs,
    );
    stream.on('data', onData).on('end', onEnd).on('error', onError);
    stream.resume();
  });
}

/** Parses a JSON body and refuses, with a 400 that names the problem, what no route accepts. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) throw fastifyError(400, 'FST_ERR_CTP_EMPTY_JSON_BODY', 'Empty JSON body');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new BadRequestException('The request body is not valid UTF-8');
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new BadRequestException(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fastifyError(400, 'FST_ERR_CTP_INVALID_JSON_BODY', 'Malformed JSON body');
  }
  const hostile = hostileFieldsOf(body);
  if (hostile.length > 0) throw invalidFields(hostile);
  return body;
}

/**
 * `application/json` is the only body any route takes: every other content type (forms,
 * multipart, text) gets 415 before a byte of it is read, so a cross-site HTML form cannot post.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance, limits: BodyLimits): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) =>
    done(fastifyError(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'Unsupported media type: send application/json'), undefined),
  );
  fastify.addContentTypeParser('application/json', async (_request: unknown, payload: IncomingMessage) =>
    parseJsonBody(await readBody(payload, limits)),
  );
}
