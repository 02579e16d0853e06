import anyAscii from "any-ascii";
import { formatIaqText, formatYqText, type Iaq, NCIC_PLACES } from "../messages/index.js";
import type { Store } from "../platform/store/store.js";
import { generateIdentity } from "./identities.js";
import { Random } from "./random.js";

/**
 * A first shift's worth of inquiries for the demo, so the research queue is not empty: some
 * for Violator File subjects (found), some for people lesc has never heard of. Messages are
 * legacy text IAQs, sent through the switch like any agency's.
 */
export interface DemoMessage {
  senderOri: string;
  contentType: "text";
  body: string;
}

const NAME = /^[A-Z]+(?:[ '-][A-Z]+)*$/;

export async function demoInquiries(
  store: Store,
  agencies: readonly { ori: string }[],
  count = 12,
  seed = "lesc-demo-traffic",
): Promise<DemoMessage[]> {
  const rng = new Random(seed);
  const { rows: known } = await store.pool.query<{
    last: string;
    first: string;
    dob: string;
    sex: "M" | "F";
    pob: string | null;
  }>(
    `SELECT last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob, sex, pob
     FROM violator_record WHERE status = 'ACTIVE' AND sex IN ('M', 'F')
     ORDER BY id LIMIT $1`,
    [count * 4],
  );
  const fitting = known.filter(
    (r) => NAME.test(r.last) && NAME.test(r.first) && r.last.length + r.first.length < 26,
  );
  const messages: DemoMessage[] = [];
  for (let i = 0; i < count && agencies.length > 0; i++) {
    const agency = agencies[i % agencies.length]!;
    const person =
      i % 3 === 0 && fitting.length > 0
        ? fitting[rng.int(0, fitting.length - 1)]!
        : fromIdentity(generateIdentity(rng.fork(`unknown-${i}`)));
    if (!person || !NAME.test(person.last) || !NAME.test(person.first)) continue;
    const iaq: Iaq = {
      header: {
        mke: "IAQ",
        ori: agency.ori,
        destinations: ["AX"],
        controlField: `DEMO${String(i).padStart(4, "0")}`,
      },
      pur: "C",
      atn: "DEMO OFFICER",
      phn: `55501${String(rng.int(0, 99)).padStart(2, "0")}000`,
      nam: { last: person.last, first: person.first },
      dob: person.dob,
      sex: person.sex,
      pob: placeFor(person.pob),
      cus: rng.chance(0.4) ? "Y" : "N",
      off: rng.chance(0.7) ? "0399" : "1399",
      ...(i % 5 === 1 ? { rem: "PLEASE CALL BACK, SUBJECT IN HOLDING CELL" } : {}),
    };
    messages.push({ senderOri: agency.ori, contentType: "text", body: formatIaqText(iaq) });
  }
  return messages;
}

function fromIdentity(identity: ReturnType<typeof generateIdentity>) {
  const last = anyAscii(identity.name.last).toUpperCase();
  const first = anyAscii(identity.name.first).toUpperCase();
  if (identity.sex !== "M" && identity.sex !== "F") return undefined;
  return { last, first, dob: identity.dob, sex: identity.sex, pob: identity.countryOfBirth };
}

function placeFor(iso: string | null) {
  const place = NCIC_PLACES.find((p) => p.country === iso && p.usState === undefined);
  return place ?? NCIC_PLACES.find((p) => p.ncic === "MX")!;
}

/** A few hit confirmation requests on Violator File records, for the confirmation board. */
export async function demoHitRequests(
  store: Store,
  agencies: readonly { ori: string }[],
  count = 3,
): Promise<DemoMessage[]> {
  const { rows } = await store.pool.query<{ nic: string; last: string; first: string; dob: string }>(
    `SELECT nic, last_name AS last, first_name AS first, to_char(dob, 'YYYY-MM-DD') AS dob
     FROM violator_record WHERE status = 'ACTIVE' ORDER BY id DESC LIMIT $1`,
    [count * 4],
  );
  const fitting = rows.filter(
    (r) => NAME.test(r.last) && NAME.test(r.first) && r.last.length + r.first.length < 26,
  );
  return fitting.slice(0, count).map((record, i) => {
    const agency = agencies[(i + 1) % agencies.length]!;
    return {
      senderOri: agency.ori,
      contentType: "text" as const,
      body: formatYqText({
        header: { mke: "YQ", ori: agency.ori, destinations: ["AX"], controlField: `DEMOHIT${i}` },
        rty: "WP",
        rno: 1,
        pri: i === 0 ? "U" : "R",
        oca: `DEMO-${String(i + 1).padStart(4, "0")}`,
        nic: record.nic,
        nam: { last: record.last, first: record.first },
        dob: record.dob,
      }),
    };
  });
}
