import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DependencyUnavailableError, DomainError } from './domain-error';
import { GlobalExceptionFilter } from './global-exception.filter';

describe(GlobalExceptionFilter.name, () => {
  const filter = new GlobalExceptionFilter();

  it('maps a domain error to its status with its code and extra fields', () => {
    const { body } = filter.map(new DomainError('RESERVATION.SOLD_OUT', 'Sold out', 'conflict', { reserva_id: 'r1', estado: 'fallida' }));
    expect(body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'Sold out',
      code: 'RESERVATION.SOLD_OUT',
      reserva_id: 'r1',
      estado: 'fallida',
    });
  });

  it('maps an unavailable dependency to 503 with Retry-After', () => {
    const mapped = filter.map(new DependencyUnavailableError('events service', 'events service is unavailable', 7));
    expect(mapped.body.statusCode).toBe(503);
    expect(mapped.retryAfterSeconds).toBe(7);
  });

  it('keeps field details of validation errors', () => {
    const { body } = filter.map(
      new BadRequestException({ message: 'Invalid fields: email', details: [{ field: 'email', problems: ['email must be an email'] }] }),
    );
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid fields: email',
      details: [{ field: 'email', problems: ['email must be an email'] }],
    });
  });

  it('keeps the standard shape for framework errors', () => {
    expect(filter.map(new NotFoundException('Cannot GET /x')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /x',
    });
  });

  it('turns an unreachable MongoDB into 503, never 500', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27027'), { name: 'MongoServerSelectionError' });
    const mapped = filter.map(error);
    expect(mapped.body.statusCode).toBe(503);
    expect(mapped.body.message).toMatch(/MongoDB/);
    expect(mapped.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('turns a closed Redis connection into 503', () => {
    expect(filter.map(new Error('Connection is closed.')).body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/Redis/) });
  });

  it('maps malformed JSON reported by Fastify to 400', () => {
    const error = Object.assign(new SyntaxError('Unexpected token b'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    expect(filter.map(error).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Malformed JSON body' });
  });

  it('hides the details of unexpected errors', () => {
    const { body } = filter.map(new TypeError('cannot read properties of undefined (secret stuff)'));
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  });
});
