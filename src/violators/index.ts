/**
 * The Immigration Violator File: previously deported aggravated felons, immigration
 * fugitives (absconders) and subjects of ICE criminal warrants, each with an NCIC number.
 */
export { VIOLATOR_CATEGORIES, type ViolatorCategory, type ViolatorStatus, violatorRecord } from "./schema.js";
