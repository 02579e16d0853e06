/**
 * The identity matching engine: normalise → retrieve candidates → score each pair → explain.
 * One engine for every question "is this person in our records?": IAQs, hit confirmations,
 * tips, batch screening.
 */
export { TokenCounts } from "./frequencies.js";
export {
  GENERIC_KEY_RECORDS,
  hashKey,
  type KeyKind,
  type QueryKey,
  queryKeys,
  subjectKeys,
} from "./keys.js";
export { type Candidate, MemoryIndex, type SearchOptions } from "./memory-index.js";
export * as NICKNAME_TABLES from "./nickname-table.js";
export { areNicknames, formalNames } from "./nicknames.js";
export {
  formatName,
  type NameInput,
  type NormalisedName,
  normaliseName,
  normaliseTokens,
  transliterationFold,
} from "./normalise.js";
export { phoneticCodes, soundAlike } from "./phonetic.js";
export {
  type FileRecord,
  isCompleteDate,
  type MatchSubject,
  normaliseANumber,
  parseDob,
  type RecordSource,
} from "./record.js";
export { matchIndexState, matchKey, nameToken } from "./schema.js";
export {
  CALIBRATION,
  compareDob,
  type Decision,
  type FieldComparison,
  MATCH_THRESHOLD,
  noFrequencies,
  type PairScore,
  REPORTING_FLOOR,
  scorePair,
  type TokenFrequencies,
} from "./scorer.js";
export {
  type CsvTable,
  explainInOneLine,
  ScreeningFileError,
  type ScreeningRejection,
  type ScreeningResult,
  type ScreeningRow,
  screen,
} from "./screening.js";
export { editDistance, editSimilarity, jaroWinkler } from "./similarity.js";
export {
  loadFileRecords,
  loadTokenCounts,
  type PreparedKeys,
  prepareMatchKeys,
  type RecordRef,
  rebuildMatchIndex,
  retrieveCandidates,
  writeMatchKeys,
} from "./store-index.js";
export {
  KEY_BUDGET_RECORDS,
  type StoreCandidate,
  StoreMatcher,
  type StoreSearchOptions,
  selectiveKeys,
  type WeightedKey,
} from "./store-matcher.js";
export { parseAlias, parseSubjectRow, SUBJECT_COLUMNS, type SubjectRow } from "./subject-row.js";
