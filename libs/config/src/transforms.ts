import { Transform } from 'class-transformer';

/** Parses an integer env var; leaves anything else as-is so validation can name it. */
export const ToInt = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value));

/** Parses a decimal env var. */
export const ToNumber = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value));

/** Accepts true/false/1/0 (any case). */
export const ToBoolean = (): PropertyDecorator =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const normalized = value.trim().toLowerCase();
    if (normalized === 'true' || normalized === '1') return true;
    if (normalized === 'false' || normalized === '0') return false;
    return value;
  });
