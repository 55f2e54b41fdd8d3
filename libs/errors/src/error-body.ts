import { STATUS_CODES } from 'node:http';

/** The one JSON shape every EventFlow error takes on the wire. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  [extra: string]: unknown;
}

export function errorBody(statusCode: number, message: string, extra?: Record<string, unknown>): ErrorBody {
  return { ...extra, statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
