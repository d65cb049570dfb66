import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** The Prometheus metrics of one reward server, in a registry of its own. */
export interface ServerMetrics {
  registry: Registry;
  requests: Counter<"route" | "status">;
  requestSeconds: Histogram<"route">;
  items: Counter<"verifier">;
  verdicts: Counter<"verifier" | "reason">;
  timeouts: Counter<"verifier">;
  verifySeconds: Histogram<"verifier">;
}

/** Creates the metrics, plus Node's process metrics (memory, CPU, event-loop lag) under `process_`/`nodejs_`. */
export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  return {
    registry,
    requests: new Counter({
      name: "verdict_requests_total",
      help: "HTTP requests answered, by route and status code.",
      labelNames: ["route", "status"],
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: "verdict_request_duration_seconds",
      help: "Time from receiving a request to sending its response, in seconds.",
      labelNames: ["route"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    items: new Counter({
      name: "verdict_items_total",
      help: "Completions scored, by verifier.",
      labelNames: ["verifier"],
      registers: [registry],
    }),
    verdicts: new Counter({
      name: "verdict_verdicts_total",
      help: "Verdicts returned, by verifier and reason code.",
      labelNames: ["verifier", "reason"],
      registers: [registry],
    }),
    timeouts: new Counter({
      name: "verdict_item_timeouts_total",
      help: "Items that ran out of their time budget and got the timeout reward.",
      labelNames: ["verifier"],
      registers: [registry],
    }),
    verifySeconds: new Histogram({
      name: "verdict_verify_duration_seconds",
      help: "Time a verifier took for one item inside its worker, in seconds.",
      labelNames: ["verifier"],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
  };
}
