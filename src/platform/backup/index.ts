/**
 * Backup and restore of the embedded store: a consistent, checksummed archive of the PGlite
 * files, taken while `lesc serve` runs (through its admin route) or from a stopped data dir.
 */
export { type BackupManifest, readArchive } from "./archive.js";
export {
  postgresBackupAdvice,
  type RestoreResult,
  restoreBackup,
  type TakenBackup,
  takeBackup,
} from "./backup.js";
