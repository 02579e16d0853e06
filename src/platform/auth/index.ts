/**
 * Staff authentication: scrypt passwords, RFC 6238 second factor, lock-out, idle-timed bearer
 * sessions. Roles are the unit of least privilege; routes say which roles they admit.
 */
export {
  authenticateSession,
  type CreatedStaffUser,
  checkNewStaffUser,
  countStaffUsers,
  createStaffUser,
  isRole,
  LOCKOUT_DURATION_MS,
  LOCKOUT_THRESHOLD,
  type LogOnAttempt,
  logOff,
  logOn,
  SESSION_IDLE_MS,
  type StaffPrincipal,
  sessionEndReason,
} from "./accounts.js";
export { generatePassword, hashPassword, passwordRuleBroken, verifyPassword } from "./password.js";
export { ROLES, type Role, staffSession, staffUser } from "./schema.js";
export { newSecret, sameHash, sha256Hex } from "./tokens.js";
export {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchTotp,
  otpauthUri,
  totpCode,
} from "./totp.js";
