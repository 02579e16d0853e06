import { type DayFigures, dayColumns } from "../chart";

const PLOT = { left: 40, top: 10, width: 640, height: 160 };

/**
 * Inquiries per day, with the part answered in its SLA: a column chart in plain SVG (title
 * and description for screen readers) and the same figures as a table.
 */
export function DailyChart(props: { days: readonly DayFigures[] }) {
  const { days } = props;
  const { max, columns } = dayColumns(days, PLOT.width, PLOT.height);
  const total = days.reduce((sum, day) => sum + day.inquiries, 0);
  const busiest = days.reduce<DayFigures | undefined>(
    (best, day) => (!best || day.inquiries > best.inquiries ? day : best),
    undefined,
  );
  const first = days[0]?.date;
  const last = days.at(-1)?.date;
  const every = Math.max(1, Math.ceil(days.length / 8));
  return (
    <figure className="chart daily" data-testid="daily-chart">
      <figcaption id="daily-title">Inquiries per day</figcaption>
      {days.length === 0 ? (
        <p className="muted">No days of this fiscal year have passed yet.</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${PLOT.left + PLOT.width + 10} ${PLOT.top + PLOT.height + 30}`}
            width="100%"
            role="img"
            aria-labelledby="daily-svg-title daily-svg-desc"
          >
            <title id="daily-svg-title">
              Inquiries per day, {first} to {last}
            </title>
            <desc id="daily-svg-desc">
              {total} inquiries over {days.length} days
              {busiest && busiest.inquiries > 0
                ? `; the busiest day was ${busiest.date} with ${busiest.inquiries}`
                : ""}
              . Darker part of each column: answered within the SLA. The table below has every day.
            </desc>
            <g transform={`translate(${PLOT.left} ${PLOT.top})`}>
              {[0, max / 2, max].filter(Number.isInteger).map((tick) => (
                <g key={tick}>
                  <line
                    x1="0"
                    x2={PLOT.width}
                    y1={PLOT.height - (tick / max) * PLOT.height}
                    y2={PLOT.height - (tick / max) * PLOT.height}
                    className="grid-line"
                  />
                  <text
                    x="-6"
                    y={PLOT.height - (tick / max) * PLOT.height + 4}
                    textAnchor="end"
                    className="chart-value"
                  >
                    {tick}
                  </text>
                </g>
              ))}
              {columns.map((column, index) => (
                <g key={column.date}>
                  {(["total", "inSla"] as const).map((part) => (
                    <rect
                      key={part}
                      x={column.x}
                      y={column[part].y}
                      width={column.width}
                      height={column[part].height}
                      className={part === "total" ? "bar bar-0" : "bar bar-in-sla"}
                    />
                  ))}
                  {index % every === 0 ? (
                    <text x={column.x} y={PLOT.height + 18} className="chart-label">
                      {column.date.slice(5)}
                    </text>
                  ) : null}
                </g>
              ))}
            </g>
          </svg>
          <details>
            <summary>Inquiries per day as a table</summary>
            <table className="grid" aria-labelledby="daily-title">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Inquiries</th>
                  <th scope="col">Answered in SLA</th>
                </tr>
              </thead>
              <tbody>
                {days.map((day) => (
                  <tr key={day.date}>
                    <td>{day.date}</td>
                    <td className="num">{day.inquiries}</td>
                    <td className="num">{day.answeredInSla}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
