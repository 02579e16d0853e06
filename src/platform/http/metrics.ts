/**
 * Prometheus metrics in the text exposition format, without a library: request counts and
 * latency histograms kept in process, plus gauges the application reads from the store when
 * scraped (queue depths, SLA clocks). Labels hold route templates, never values from requests.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

export interface Gauge {
  name: string;
  help: string;
  labels?: Record<string, string>;
  value: number;
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();

  /** One HTTP request: `route` is the route template (`/api/v1/hits/:id`), never the raw URL. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = labels({ method, route, status: String(status) });
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    this.observe(labels({ method, route }), seconds);
  }

  private observe(key: string, seconds: number): void {
    const histogram = this.durations.get(key) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) histogram.buckets[index]!++;
    });
    histogram.sum += seconds;
    histogram.count++;
    this.durations.set(key, histogram);
  }

  /** Adds to a named counter (e.g. `lesc_messages_total{mke,outcome}`). */
  count(name: string, help: string, labelValues: Record<string, string>, by = 1): void {
    const counter = this.counters.get(name) ?? { help, values: new Map() };
    const key = labels(labelValues);
    counter.values.set(key, (counter.values.get(key) ?? 0) + by);
    this.counters.set(name, counter);
  }

  render(gauges: readonly Gauge[] = []): string {
    const lines: string[] = [];
    lines.push("# HELP lesc_http_requests_total HTTP requests by route template and status.");
    lines.push("# TYPE lesc_http_requests_total counter");
    for (const [key, value] of this.requests) lines.push(`lesc_http_requests_total{${key}} ${value}`);
    lines.push("# HELP lesc_http_request_duration_seconds HTTP request latency by route template.");
    lines.push("# TYPE lesc_http_request_duration_seconds histogram");
    for (const [key, h] of this.durations) {
      BUCKETS.forEach((bound, index) => {
        lines.push(`lesc_http_request_duration_seconds_bucket{${key},le="${bound}"} ${h.buckets[index]}`);
      });
      lines.push(`lesc_http_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      lines.push(`lesc_http_request_duration_seconds_sum{${key}} ${h.sum}`);
      lines.push(`lesc_http_request_duration_seconds_count{${key}} ${h.count}`);
    }
    for (const [name, counter] of this.counters) {
      lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`);
      for (const [key, value] of counter.values) lines.push(`${name}{${key}} ${value}`);
    }
    const seen = new Set<string>();
    for (const gauge of gauges) {
      if (!seen.has(gauge.name)) {
        lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
        seen.add(gauge.name);
      }
      lines.push(`${gauge.name}${gauge.labels ? `{${labels(gauge.labels)}}` : ""} ${gauge.value}`);
    }
    const memory = process.memoryUsage();
    lines.push(
      "# HELP process_resident_memory_bytes Resident memory size in bytes.",
      "# TYPE process_resident_memory_bytes gauge",
    );
    lines.push(`process_resident_memory_bytes ${memory.rss}`);
    lines.push(
      "# HELP process_heap_used_bytes V8 heap in use, in bytes.",
      "# TYPE process_heap_used_bytes gauge",
    );
    lines.push(`process_heap_used_bytes ${memory.heapUsed}`);
    return `${lines.join("\n")}\n`;
  }
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        `${name}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    )
    .join(",");
}
