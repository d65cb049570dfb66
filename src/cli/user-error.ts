/**
 * An error caused by what the user asked for (a missing file, a bad flag, a malformed row).
 * The CLI prints its message without a stack trace and exits with `exitCode` (default 1).
 */
export class UserError extends Error {
  override name = "UserError";

  constructor(
    message: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
