/**
 * The directory: law-enforcement agencies (ORIs and their API keys), ICE field offices and
 * attachés, and which field office's area of responsibility covers which state.
 */

export { listAgencies, listKeys, listOffices, revokeKey, rotateKey } from "./admin.js";
export {
  authenticateAgencyKey,
  authenticateSwitchKey,
  checkNewAgency,
  checkOri,
  countAgencies,
  findAgency,
  issueApiKey,
  issueOfficeKey,
  type KeyHolder,
  type NewAgency,
  ORI_PATTERN,
  ORI_RULE,
  registerAgency,
  revokeApiKey,
} from "./agencies.js";
export { requireStateWithinArea, requireWithinArea, stateWithinArea, withinArea } from "./aor.js";
export { COUNTRIES, countryName, isIsoCountryCode } from "./countries.js";
export { fieldOfficeForState, OFFICES, type OfficeDefinition } from "./field-offices.js";
export {
  countOffices,
  fieldOfficeForAgency,
  fieldOfficesForAgencies,
  type OfficeOfAgency,
  syncOfficeDirectory,
} from "./offices.js";
export { directoryRoutes } from "./routes.js";
export { agency, agencyApiKey, fieldOffice, fieldOfficeAor, officeApiKey } from "./schema.js";
export { isUsJurisdictionCode, US_JURISDICTIONS } from "./us-states.js";
