import { ArgumentMetadata, BadRequestException, HttpException, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

export interface FieldError {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The one 400 for invalid input: every field named in the message and listed in `details`. */
export function invalidFields(details: FieldError[]): BadRequestException {
  const fields = details.map((d) => d.field).join(', ');
  return new BadRequestException({
    message: `Invalid fields: ${fields}. ${details.map((d) => d.problems.join('; ')).join('; ')}`,
    details,
  });
}

/** Properties a DTO declares as lists (`@IsArray()` or a validator with `each`): only these may repeat in a query string. */
function declaresList(metatype: ArgumentMetadata['metatype'], property: string): boolean {
  if (!metatype) return false;
  return getMetadataStorage()
    .getTargetValidationMetadatas(metatype, '', true, false)
    .some((rule) => rule.propertyName === property && (rule.name === 'isArray' || rule.each));
}

/**
 * `?format=csv&format=json` reaches a handler as an array where it expects one string: refuse it
 * with a 400 naming the parameter, for every route, unless the route declares that parameter a list.
 */
function refuseRepeatedParameters(value: unknown, metadata: ArgumentMetadata): void {
  if (metadata.type !== 'query') return;
  const repeated =
    metadata.data !== undefined
      ? Array.isArray(value) && metadata.metatype !== Array
        ? [metadata.data]
        : []
      : Object.entries((value ?? {}) as Record<string, unknown>)
          .filter(([name, given]) => Array.isArray(given) && !declaresList(metadata.metatype, name))
          .map(([name]) => name);
  if (repeated.length > 0) {
    throw invalidFields(repeated.map((field) => ({ field, problems: [`${field} must be given once`] })));
  }
}

/**
 * Rejects unknown fields, converts declared types and names every invalid field,
 * so clients learn all their mistakes in one round trip. A validator that throws on input it
 * did not foresee is still bad input, never a 500.
 */
class EventFlowValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    refuseRepeatedParameters(value, metadata);
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      throw new BadRequestException(
        `Invalid ${metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type)}: a value is out of range`,
      );
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new EventFlowValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => invalidFields(flatten(errors)),
  });
}
