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

/** Whether a number is finite with at most `places` decimals (by value, so 1e-7 is counted right). */
export function hasDecimals(value: unknown, places: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value;
}

/** A finite number with at most `places` decimals; use instead of class-validator's maxDecimalPlaces, which throws on 1e-7. */
export function IsDecimal(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimal',
      constraints: [places],
      validator: {
        validate: (value) => hasDecimals(value, places),
        defaultMessage: () => `$property must be a number with at most ${places} decimals`,
      },
    },
    options,
  );
}
