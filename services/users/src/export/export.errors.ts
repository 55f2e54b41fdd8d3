import { DomainError } from '@eventflow/errors';
import { EXPORT_FORMATS } from './anonymized-export';

/** One constructor per EXPORT.* code. */
export const invalidExportFormat = () =>
  new DomainError('EXPORT.INVALID_FORMAT', `format must be one of ${EXPORT_FORMATS.join(', ')}`, 'invalid');
