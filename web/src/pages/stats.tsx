import { useState } from "react";
import { get } from "../api";
import type { DayFigures } from "../chart";
import { ErrorNote, Page, useLoad } from "../ui";
import { DailyChart } from "./daily-chart";

interface Percentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}
interface Stats {
  fiscalYear: number;
  from: string;
  to: string;
  inquiries: Record<string, number>;
  results: Record<string, number>;
  hitsByFile: Record<string, number>;
  responseSeconds: { preliminary: Percentiles; final: Percentiles };
  sla: { answeredOnTime: number; answeredLate: number; breachedOpen: number; compliance: number | null };
  hitConfirmations: {
    received: number;
    byPriority: Record<
      string,
      { received: number; answered: number; answeredInTime: number; shareInTime: number }
    >;
    confirmed: number;
    notConfirmed: number;
    noRecord: number;
    breached: number;
    policyViolations: number;
  };
  detainers: { lodged: number; onFileHits: number; others: number };
  tips: {
    received: number;
    forwarded: number;
    shareForwarded: number | null;
    lifeSafety: number;
    byCategory: Record<string, { received: number; forwarded: number }>;
    byOutcome: Record<string, number>;
    byChannel: Record<string, number>;
  };
  daily: DayFigures[];
}

const OUTCOME_LABELS: Record<string, string> = {
  NEW: "new",
  REFERRED: "referred, open",
  CLOSED: "closed with an answer",
  DUPLICATE: "duplicate",
  JUNK: "junk",
};

/** The tip line's year: forwarded share, outcomes, and a table by category. */
function TipStats(props: { tips: Stats["tips"] }) {
  const { tips } = props;
  const categories = Object.entries(tips.byCategory).filter(([, figures]) => figures.received > 0);
  return (
    <section aria-labelledby="tip-stats-title">
      <h2 id="tip-stats-title">Tip line</h2>
      <div className="charts">
        <BarChart
          title="Tips"
          data={[
            ["received", tips.received],
            ["forwarded", tips.forwarded],
            ["threat to life", tips.lifeSafety],
            ["by web form", tips.byChannel.WEB ?? 0],
            ["by phone", tips.byChannel.PHONE ?? 0],
          ]}
        />
        <Gauge label="Tips forwarded" share={tips.shareForwarded} />
        <BarChart
          title="Tip outcomes"
          data={Object.entries(tips.byOutcome).map(([status, n]) => [OUTCOME_LABELS[status] ?? status, n])}
        />
      </div>
      {categories.length === 0 ? (
        <p className="empty">No tips in this year.</p>
      ) : (
        <table className="grid" data-testid="tip-categories">
          <caption>Tips by category</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                Received
              </th>
              <th scope="col" className="num">
                Forwarded
              </th>
              <th scope="col" className="num">
                Share forwarded
              </th>
            </tr>
          </thead>
          <tbody>
            {categories.map(([category, figures]) => (
              <tr key={category}>
                <th scope="row">{category}</th>
                <td className="num">{figures.received}</td>
                <td className="num">{figures.forwarded}</td>
                <td className="num">{((figures.forwarded / figures.received) * 100).toFixed(0)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The fiscal year (1 October – 30 September) that `date` falls in, named by its end year. */
export function fiscalYearOf(date: Date): number {
  return date.getUTCMonth() >= 9 ? date.getUTCFullYear() + 1 : date.getUTCFullYear();
}

/** A labelled horizontal bar chart in plain SVG (no inline styles, no chart library). */
export function BarChart(props: { title: string; data: [string, number][]; unit?: string }) {
  const max = Math.max(1, ...props.data.map(([, value]) => value));
  const rowHeight = 26;
  const labelWidth = Math.min(230, Math.max(110, ...props.data.map(([label]) => label.length * 7.6 + 10)));
  const barSpace = 380 - labelWidth;
  const height = props.data.length * rowHeight + 8;
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <svg
        viewBox={`0 0 440 ${height}`}
        width="100%"
        role="img"
        aria-label={`${props.title}: ${props.data.map(([label, value]) => `${label} ${value}${props.unit ?? ""}`).join(", ")}`}
      >
        {props.data.map(([label, value], index) => {
          const y = index * rowHeight + 4;
          const width = (value / max) * barSpace;
          return (
            <g key={label}>
              <text x="0" y={y + 16} className="chart-label">
                {label}
              </text>
              <rect
                x="150"
                y={y + 3}
                width={Math.max(width, 1)}
                height={rowHeight - 8}
                className={`bar bar-${index % 4}`}
              />
              <text x={labelWidth + 6 + width} y={y + 16} className="chart-value">
                {Number.isInteger(value) ? value : value.toFixed(1)}
                {props.unit ?? ""}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function Gauge(props: { label: string; share: number | null }) {
  const share = props.share ?? 0;
  const angle = Math.PI * share;
  const x = 60 - 50 * Math.cos(angle);
  const y = 60 - 50 * Math.sin(angle);
  const text = props.share === null ? "no answers yet" : `${(share * 100).toFixed(1)} %`;
  return (
    <figure className="chart gauge">
      <figcaption>{props.label}</figcaption>
      <svg viewBox="0 0 120 70" width="200" role="img" aria-label={`${props.label}: ${text}`}>
        <path d="M10 60 A50 50 0 0 1 110 60" className="gauge-track" />
        {props.share !== null && share > 0 ? (
          <path
            d={`M10 60 A50 50 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`}
            className={share >= 0.95 ? "gauge-ok" : share >= 0.8 ? "gauge-warn" : "gauge-bad"}
          />
        ) : null}
        <text x="60" y="58" textAnchor="middle" className="gauge-text">
          {text}
        </text>
      </svg>
    </figure>
  );
}

export function StatsPage() {
  const [year, setYear] = useState(() => fiscalYearOf(new Date()));
  const stats = useLoad(() => get<Stats>(`/api/v1/stats?fiscalYear=${year}`), [year]);
  const s = stats.data;
  const pct = (p: Percentiles): [string, number][] => [
    ["median", p.p50 ?? 0],
    ["90th", p.p90 ?? 0],
    ["99th", p.p99 ?? 0],
  ];
  return (
    <Page
      title="Statistics"
      actions={
        <label className="inline">
          Fiscal year{" "}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[0, 1, 2, 3, 4].map((back) => {
              const y = fiscalYearOf(new Date()) - back;
              return (
                <option key={y} value={y}>
                  FY{y}
                </option>
              );
            })}
          </select>
        </label>
      }
    >
      <ErrorNote error={stats.error} />
      {s ? (
        <>
          <p className="muted">
            FY{s.fiscalYear}: {s.from} to {s.to}
          </p>
          <div className="tiles">
            {Object.entries(s.inquiries).map(([key, value]) => (
              <div className="tile" key={key}>
                <span className="tile-value">{value}</span>
                <span className="tile-label">{key}</span>
              </div>
            ))}
          </div>
          <DailyChart days={s.daily} />
          <div className="charts">
            <BarChart title="Inquiries" data={Object.entries(s.inquiries)} />
            <BarChart title="Results" data={Object.entries(s.results)} />
            <BarChart
              title="Preliminary response time (s)"
              data={pct(s.responseSeconds.preliminary)}
              unit=" s"
            />
            <BarChart title="Final response time (s)" data={pct(s.responseSeconds.final)} unit=" s" />
            <Gauge label="SLA compliance (answered by the deadline)" share={s.sla.compliance} />
            <BarChart
              title="Hit confirmations"
              data={[
                ["received", s.hitConfirmations.received],
                ["confirmed", s.hitConfirmations.confirmed],
                ["not confirmed", s.hitConfirmations.notConfirmed],
                ["no record", s.hitConfirmations.noRecord],
                ["breached", s.hitConfirmations.breached],
                ["policy violations", s.hitConfirmations.policyViolations],
              ]}
            />
            {Object.entries(s.hitConfirmations.byPriority).map(([priority, figures]) => (
              <Gauge
                key={priority}
                label={`${priority === "U" ? "Urgent" : "Routine"} YQs answered in time`}
                share={figures.answered === 0 ? null : figures.shareInTime}
              />
            ))}
            <BarChart title="Hits by file" data={Object.entries(s.hitsByFile)} />
            <BarChart
              title="Detainers"
              data={[
                ["lodged", s.detainers.lodged],
                ["on file hits", s.detainers.onFileHits],
                ["others", s.detainers.others],
              ]}
            />
          </div>
          <TipStats tips={s.tips} />
        </>
      ) : null}
    </Page>
  );
}
