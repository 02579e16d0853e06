import { inArray } from "drizzle-orm";
import {
  type FieldComparison,
  type FileRecord,
  formatName,
  type PairScore,
  type RecordSource,
} from "../matching/index.js";
import type { IarCandidate } from "../messages/index.js";
import type { Executor } from "../platform/store/store.js";
import { person } from "../records/index.js";
import { violatorRecord } from "../violators/index.js";

/**
 * A record the search put forward for an inquiry, with what the technician needs to judge it:
 * the file's identifiers, the record's status in its file, and the engine's explanation.
 */
export interface InquiryCandidate extends IarCandidate {
  recordId: number;
  /** Immigration status (immigration index) or Violator File category. */
  status: string | null;
  matchedName: string;
  weight: number;
  explanation: FieldComparison[];
}

export interface ScoredRecord {
  record: FileRecord;
  result: PairScore;
}

/** Source labels in IARs and the workspace. */
export const SOURCE_LABEL: Readonly<Record<RecordSource, string>> = {
  VIOLATOR: "IMMIGRATION VIOLATOR FILE",
  PERSON: "IMMIGRATION INDEX",
};

/**
 * Adds file identifiers to scored records, best first. Violator File records that are not
 * ACTIVE (awaiting their second-person check, cancelled, cleared or retired) are not put
 * forward.
 */
export async function describeCandidates(
  db: Executor,
  scored: readonly ScoredRecord[],
): Promise<InquiryCandidate[]> {
  const ids = (source: RecordSource) =>
    scored.filter((s) => s.record.source === source).map((s) => s.record.id);
  const violatorIds = ids("VIOLATOR");
  const personIds = ids("PERSON");
  const violators = new Map(
    (violatorIds.length === 0
      ? []
      : await db
          .select({
            id: violatorRecord.id,
            nic: violatorRecord.nic,
            oca: violatorRecord.oca,
            category: violatorRecord.category,
            status: violatorRecord.status,
            aNumber: violatorRecord.aNumber,
          })
          .from(violatorRecord)
          .where(inArray(violatorRecord.id, violatorIds))
    ).map((row) => [row.id, row]),
  );
  const people = new Map(
    (personIds.length === 0
      ? []
      : await db
          .select({ id: person.id, aNumber: person.aNumber, status: person.status })
          .from(person)
          .where(inArray(person.id, personIds))
    ).map((row) => [row.id, row]),
  );
  const described: InquiryCandidate[] = [];
  for (const { record, result } of scored) {
    if (result.decision === "none") continue;
    const primary = record.names[0] ?? {};
    const common = {
      source: SOURCE_LABEL[record.source],
      recordId: record.id,
      name: formatName(primary),
      dob: record.dob ?? null,
      score: Math.round(result.score * 1000) / 1000,
      decision: result.decision,
      matchedName: result.matchedName,
      weight: Math.round(result.weight * 100) / 100,
      explanation: result.explanation,
    };
    if (record.source === "VIOLATOR") {
      const row = violators.get(record.id);
      if (row?.status !== "ACTIVE") continue;
      described.push({ ...common, nic: row.nic, oca: row.oca, arn: row.aNumber, status: row.category });
    } else {
      const row = people.get(record.id);
      if (!row) continue;
      described.push({ ...common, nic: null, oca: null, arn: row.aNumber, status: row.status });
    }
  }
  // On equal scores the Violator File record leads: it is the one an officer must act on.
  const rank = (c: InquiryCandidate) => (c.nic === null ? 1 : 0);
  return described.sort((a, b) => b.score - a.score || rank(a) - rank(b));
}

/** The contract's IAR candidate: the public part of an inquiry candidate. */
export function iarCandidate(candidate: InquiryCandidate): IarCandidate {
  const { source, nic, oca, arn, name, dob, score, decision } = candidate;
  return { source, nic, oca, arn, name, dob, score, decision };
}

/** HIT when any candidate is a match, POSSIBLE when any is possible, else NO_RECORD. */
export function resultOf(candidates: readonly InquiryCandidate[]) {
  if (candidates.some((c) => c.decision === "match")) return "HIT" as const;
  if (candidates.length > 0) return "POSSIBLE" as const;
  return "NO_RECORD" as const;
}
