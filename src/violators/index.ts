/**
 * The Immigration Violator File: previously deported aggravated felons, immigration
 * fugitives (absconders) and subjects of ICE criminal warrants, each with an NCIC number;
 * entered, checked by a second person, maintained, validated and retired.
 */
export { checkViolatorEntry, type ViolatorEntry, type ViolatorName } from "./entry.js";
export {
  checkViolator,
  closeViolator,
  DEFAULT_GRACE_DAYS,
  enterChecked,
  enterViolator,
  locateViolator,
  modifyViolator,
  RETIRE_QUEUE,
  retirementJob,
  retireUnvalidated,
  scheduleRetirement,
  validateViolator,
  validationDue,
  validationWindow,
  violatorDetail,
} from "./file.js";
export { checkViolatorHeader, type ImportResult, importViolators, VIOLATOR_COLUMNS } from "./import.js";
export { violatorRoutes } from "./routes.js";
export {
  DOCUMENT_KINDS,
  VIOLATOR_CATEGORIES,
  type ViolatorCategory,
  type ViolatorDocument,
  type ViolatorStatus,
  violatorHistory,
  violatorRecord,
} from "./schema.js";
export { searchViolatorFile, type ViolatorSearchHit, violatorSearchRoutes } from "./search.js";
