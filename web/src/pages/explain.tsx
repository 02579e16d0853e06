import { WeightBar } from "../ui";

/** One field comparison of the matching engine (src/matching): what agreed, and its weight. */
export interface Comparison {
  field: string;
  level: string;
  query: string | null;
  candidate: string | null;
  weight: number;
}

export interface Candidate {
  source: string;
  recordId: number;
  name: string;
  matchedName: string;
  dob: string | null;
  nic: string | null;
  oca: string | null;
  arn: string | null;
  status: string | null;
  score: number;
  weight: number;
  decision: string;
  explanation: Comparison[];
}

/** The engine's per-field explanation as a table with a signed bar for each weight. */
export function Explanation(props: { rows: Comparison[]; caption: string }) {
  const max = Math.max(10, ...props.rows.map((row) => Math.abs(row.weight)));
  return (
    <table className="grid explain">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Query</th>
          <th scope="col">Record</th>
          <th scope="col">Agreement</th>
          <th scope="col">Weight</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
          <tr key={index} className={`agree-${row.weight > 0 ? "yes" : row.weight < 0 ? "no" : "none"}`}>
            <td>{row.field}</td>
            <td>{row.query ?? "—"}</td>
            <td>{row.candidate ?? "—"}</td>
            <td>{row.level.replaceAll("_", " ").toLowerCase()}</td>
            <td className="num">
              <WeightBar weight={row.weight} max={max} label={`weight ${row.weight}`} />{" "}
              {row.weight.toFixed(2)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
