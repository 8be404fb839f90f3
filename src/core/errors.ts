/**
 * An error the user can fix: bad config, bad CSV, bad flag. The CLI prints its message
 * without a stack and exits 2. Everything else is a bug or an outage and exits 1.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  readonly exitCode = 2;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A subcommand that a later issue builds; exits 2 and says so, never invents output. */
export class NotImplementedError extends UserError {
  constructor(command: string) {
    super(`robotrader ${command}: not implemented yet`);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** Longest problem message shown whole; a message quoting a 5 MB line is cut to this. */
export const MAX_MESSAGE_CHARS = 300;

/** A message cut to `max` characters, saying how much was left out. */
export function clipMessage(message: string, max = MAX_MESSAGE_CHARS): string {
  return message.length <= max ? message : `${message.slice(0, max)}... (${message.length - max} more characters)`;
}
