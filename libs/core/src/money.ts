import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Whether a number is an amount of money: finite, at most two decimals (cents). */
export function isMoney(value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  // Counting decimals by string fails for values printed as 1e-7; compare with the value in cents.
  return Number(value.toFixed(2)) === value;
}

/** A money amount: finite with at most two decimal places (class-validator's maxDecimalPlaces throws on 1e-7). */
export function IsMoney(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMoney',
      validator: {
        validate: isMoney,
        defaultMessage: () => '$property must be an amount with at most two decimals',
      },
    },
    options,
  );
}
