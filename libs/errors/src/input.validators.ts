import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * Whether a money amount has at most two decimals. class-validator's `maxDecimalPlaces` reads
 * `String(value)` and throws on `1e-7` (a 500 where the body parser does not refuse exponents
 * first, as on RPC); this reads the number itself. The tolerance absorbs binary rounding
 * (0.29 * 100 is 28.999999999999996) while `0.001` still fails.
 */
export function isCents(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const cents = value * 100;
  // A non-zero amount below a cent (1e-300) is within the tolerance of 0 cents, but is no price.
  return Math.abs(cents - Math.round(cents)) < 1e-6 && (value === 0 || Math.round(cents) !== 0);
}

/** See {@link isCents}. */
export function IsCents(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCents',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && isCents(value),
        defaultMessage: () => '$property must be a finite number with at most 2 decimals',
      },
    },
    options,
  );
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2})))?$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Whether `value` is an RFC 3339 date-time (`2030-01-01T10:00:00Z`, offsets and fractions
 * allowed) or, with `dateOnly`, also a full-date (`2030-01-01`), with every component in range.
 * Stricter than `IsISO8601`, which passes `2030-W01` or `2030-01-01T10` that `new Date` cannot
 * read, and than `Date.parse`, which reads `2030-02-30` as March 2nd and `T24:00` as tomorrow.
 */
export function isRfc3339(value: unknown, dateOnly = false): value is string {
  if (typeof value !== 'string') return false;
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = match.map(Number);
  if (match[4] === undefined && !dateOnly) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (match[4] !== undefined && (hour > 23 || minute > 59 || second > 59)) return false;
  if (match[7] !== undefined && (offsetHours > 23 || offsetMinutes > 59)) return false;
  return Number.isFinite(Date.parse(value));
}

/** See {@link isRfc3339}. */
export function IsRfc3339(options: ValidationOptions & { dateOnly?: boolean } = {}): PropertyDecorator {
  const { dateOnly = false, ...validationOptions } = options;
  return ValidateBy(
    {
      name: 'isRfc3339',
      validator: {
        validate: (value: unknown) => isRfc3339(value, dateOnly),
        defaultMessage: () =>
          dateOnly
            ? '$property must be an RFC 3339 date (2030-01-31) or date-time (2030-01-31T20:00:00Z)'
            : '$property must be an RFC 3339 date-time such as 2030-01-31T20:00:00Z',
      },
    },
    validationOptions,
  );
}

/**
 * A field that may be left out but, when sent, must be valid: unlike `IsOptional`, which also
 * skips validation for `null`, so a PATCH could store a null date or price.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
