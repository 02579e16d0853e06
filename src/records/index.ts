/**
 * The record files lesc searches besides the Violator File: the immigration index (people,
 * status, entries and exits) and the shared index of every name and alias of every record.
 */
export {
  IMMIGRATION_STATUSES,
  type ImmigrationStatus,
  immigrationEvent,
  type NameSource,
  person,
  type Sex,
  subjectName,
} from "./schema.js";
