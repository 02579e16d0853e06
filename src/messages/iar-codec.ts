/**
 * IAR: the legacy text lesc sends over the switch and the JSON `data` the mailbox carries
 * (contract §2.1). The legacy IAR layout is not confirmed (reference §3.3, gap); lesc writes
 * structured `PREFIX/value.` lines followed by a free-text narrative block [I].
 */

import { legacyBlock, legacyValue } from "./legacy-output.js";
import { formatLegacyHeader } from "./legacy-text.js";
import { type ReplyTo, replyHeader } from "./reply-header.js";
import type { Iar, IarCandidate, IarResult, IarStage } from "./types.js";

/** The IAR `data` JSON of the contract. */
export interface IarData {
  inquiryId: string;
  controlField: string | null;
  stage: IarStage;
  result: IarResult;
  candidates: IarCandidate[];
  narrative: string;
}

export interface NewIar {
  inquiryId: string;
  stage: IarStage;
  result: IarResult;
  candidates: IarCandidate[];
  narrative: string;
}

/** An IAR answering the inquiry from `to`, echoing its control field. */
export function iarFor(to: ReplyTo, content: NewIar, from?: string): Iar {
  return { header: replyHeader("IAR", to, from), ...content, candidates: [...content.candidates] };
}

export function iarData(iar: Iar): IarData {
  return {
    inquiryId: iar.inquiryId,
    controlField: iar.header.controlField ?? null,
    stage: iar.stage,
    result: iar.result,
    candidates: iar.candidates.map((c) => ({ ...c })),
    narrative: iar.narrative,
  };
}

const RESULT_LINE: Readonly<Record<IarResult, string>> = {
  HIT: "RECORD FOUND",
  POSSIBLE: "POSSIBLE RECORD FOUND - NOT CONFIRMED",
  NO_RECORD: "NO RECORD FOUND",
};

/** The legacy text of an IAR. Blank values are left out, never sent empty (Nlets). */
export function formatIarText(iar: Iar): string {
  const lines = [
    formatLegacyHeader(iar.header),
    `IMMIGRATION ALIEN RESPONSE - ${iar.stage} - ${RESULT_LINE[iar.result]}`,
    fields([
      ["INQ", iar.inquiryId],
      ["STG", iar.stage],
      ["RES", iar.result],
      ["CNT", String(iar.candidates.length)],
    ]),
  ];
  for (const [index, c] of iar.candidates.entries()) {
    lines.push(
      `${String(index + 1).padStart(2, "0")} ${fields([
        ["SRC", c.source],
        ["NIC", c.nic],
        ["OCA", c.oca],
        ["ARN", c.arn],
        ["NAM", c.name],
        ["DOB", c.dob?.replace(/-/g, "") ?? null],
        // A period would end the field, so the score goes out as a whole percentage.
        ["SCR", String(Math.round(c.score * 100))],
        ["DEC", c.decision],
      ])}`,
    );
  }
  const narrative = legacyBlock(iar.narrative);
  lines.push("NARRATIVE:", narrative === "" ? "NONE" : narrative, "END OF RESPONSE");
  return `${lines.join("\n")}\n`;
}

function fields(pairs: [string, string | null][]): string {
  return pairs
    .map(([prefix, value]) => [prefix, value === null ? "" : legacyValue(value)] as const)
    .filter(([, value]) => value !== "")
    .map(([prefix, value]) => `${prefix}/${value}.`)
    .join("");
}
