/**
 * The one catalogue of lesc's error codes. Expected failures carry a stable code, an HTTP
 * status and a message naming the field and the rule, so clients and operators can act on
 * them; anything else is a bug or broken infrastructure.
 */
export class LescError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly field: string | undefined;

  constructor(code: string, statusCode: number, message: string, field?: string) {
    super(message);
    this.name = "LescError";
    this.code = code;
    this.statusCode = statusCode;
    this.field = field;
  }
}

type ErrorFactory<A extends unknown[]> = ((...args: A) => LescError) & { code: string };

function defineError<A extends unknown[]>(
  code: string,
  statusCode: number,
  describe: (...args: A) => { message: string; field?: string },
): ErrorFactory<A> {
  const factory = (...args: A) => {
    const { message, field } = describe(...args);
    return new LescError(code, statusCode, message, field);
  };
  return Object.assign(factory, { code });
}

export const Errors = {
  invalidField: defineError("LESC_INVALID_FIELD", 400, (field: string, rule: string) => ({
    message: `${field}: ${rule}`,
    field,
  })),
  notFound: defineError("LESC_NOT_FOUND", 404, (what: string) => ({ message: `${what} not found` })),
  conflict: defineError("LESC_CONFLICT", 409, (why: string) => ({ message: why })),
  badCredentials: defineError("LESC_BAD_CREDENTIALS", 401, () => ({
    message: "username, password or one-time code is wrong",
  })),
  accountLocked: defineError("LESC_ACCOUNT_LOCKED", 423, (until: Date) => ({
    message: `account locked after repeated failures until ${until.toISOString()}`,
  })),
  unauthenticated: defineError("LESC_UNAUTHENTICATED", 401, (why: string) => ({ message: why })),
  forbidden: defineError("LESC_FORBIDDEN", 403, (why: string) => ({ message: why })),
  rateLimited: defineError("LESC_RATE_LIMITED", 429, (retryAfterSeconds: number) => ({
    message: `too many requests: try again in ${retryAfterSeconds} s`,
  })),
  unsupportedMediaType: defineError("LESC_UNSUPPORTED_MEDIA_TYPE", 415, (rule: string) => ({
    message: `Content-Type: ${rule}`,
    field: "Content-Type",
  })),
  tooLarge: defineError("LESC_TOO_LARGE", 413, (field: string, limitBytes: number) => ({
    message: `${field}: is larger than the ${
      limitBytes >= 1024 * 1024
        ? `${Math.round(limitBytes / 1024 / 1024)} MB`
        : `${Math.round(limitBytes / 1024)} KB`
    } limit`,
    field,
  })),
  /** The public tip form's proof of work: spent, expired, forged or not solved. */
  proofOfWork: defineError("LESC_PROOF_OF_WORK", 403, (rule: string) => ({
    message: `X-Proof-Of-Work: ${rule}`,
    field: "X-Proof-Of-Work",
  })),
  storeUnavailable: defineError("LESC_STORE_UNAVAILABLE", 503, () => ({
    message: "the store is unavailable for the moment; try again shortly",
  })),
  storeRefused: defineError("LESC_STORE_REFUSED", 500, (why: string) => ({ message: why })),
  config: defineError("LESC_CONFIG", 500, (why: string) => ({ message: why })),
} as const;
