// IAQ load for scripts/ha-exercise.sh: sends IAQs to the given lesc servers until the stop
// file appears, retrying a refused or lost message (same control field, so it is processed
// once) on the next server. Writes the messageId of every 202 to --accepted (one per line)
// and prints a JSON summary: counts, statuses seen, and the longest gap between two 202s.
//
//   node scripts/ha-load.mjs --urls http://127.0.0.1:8181,http://127.0.0.1:8182 \
//     --key KEY --ori ORI --accepted FILE --stop FILE [--lanes 4]
import fs from "node:fs";
import { parseArgs } from "node:util";
import { formatIaqText, ncicPlace } from "../dist/src/messages/index.js";

const { values } = parseArgs({
  options: {
    urls: { type: "string" },
    key: { type: "string" },
    ori: { type: "string" },
    accepted: { type: "string" },
    stop: { type: "string" },
    lanes: { type: "string", default: "4" },
  },
});
const urls = values.urls.split(",");
const out = fs.openSync(values.accepted, "a");
const statuses = {};
let sent = 0;
let accepted = 0;
let retries = 0;
let lastAcceptedAt = Date.now();
let longestGap = { ms: 0, endedAt: null };
let turn = 0;

const names = [
  ["GARCIA", "ANA"],
  ["SMITH", "JOHN"],
  ["NGUYEN", "LIN"],
  ["OKAFOR", "CHIDI"],
];
const iaq = (control, n) =>
  formatIaqText({
    header: { mke: "IAQ", ori: values.ori, destinations: ["AX"], controlField: control },
    pur: "C",
    atn: "HA EXERCISE",
    phn: "5550100000",
    nam: { last: names[n % 4][0], first: names[n % 4][1] },
    dob: `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`,
    sex: "M",
    pob: ncicPlace("MX"),
    cus: n % 2 ? "Y" : "N",
    off: "0399",
  });

async function lane(index) {
  let n = 0;
  while (!fs.existsSync(values.stop)) {
    n++;
    sent++;
    const control = `HA${index}X${n}`;
    const body = iaq(control, n);
    for (;;) {
      const url = urls[turn++ % urls.length];
      let status = "network";
      try {
        const response = await fetch(`${url}/nlets`, {
          method: "POST",
          headers: { authorization: `Bearer ${values.key}`, "content-type": "text/plain" },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        status = String(response.status);
        const json = await response.json().catch(() => ({}));
        if (response.status === 202) {
          fs.writeSync(out, `${json.messageId}\n`);
          accepted++;
          const now = Date.now();
          if (now - lastAcceptedAt > longestGap.ms)
            longestGap = { ms: now - lastAcceptedAt, endedAt: new Date(now).toISOString() };
          lastAcceptedAt = now;
          statuses[status] = (statuses[status] ?? 0) + 1;
          break;
        }
      } catch {
        // refused or cut off: the server or its store is down; try again
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      retries++;
      if (fs.existsSync(values.stop)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

await Promise.all(Array.from({ length: Number(values.lanes) }, (_, i) => lane(i + 1)));
fs.closeSync(out);
process.stdout.write(`${JSON.stringify({ sent, accepted, retries, statuses, longestGap })}\n`);
