import { UserError } from "./user-error.js";

/** Returns a yargs `coerce` function that accepts only whole numbers of at least 1 for `flag`. */
export function positiveInteger(flag: string): (value: unknown) => number | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) {
      throw new UserError(`${flag} must be a whole number of at least 1, got ${JSON.stringify(value)}.`, 2);
    }
    return number;
  };
}
