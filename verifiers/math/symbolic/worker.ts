import { parentPort } from "node:worker_threads";
import { compareSymbolic } from "./compare-symbolic.js";
import type { WorkerRequest, WorkerResponse } from "./pool.js";

if (!parentPort) throw new Error("symbolic/worker must run in a worker thread");
const port = parentPort;

port.on("message", (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = {
      id: request.id,
      decision: compareSymbolic(request.answer, request.reference, request.settings),
    };
  } catch (error) {
    response = {
      id: request.id,
      decision: "error",
      message: error instanceof Error ? error.message : String(error),
    };
  }
  port.postMessage(response);
});

// The first comparison compiles mathjs's functions; doing one now keeps that cost out of a budget.
compareSymbolic("\\sin\\frac{\\pi}{6} + x^2", "\\frac12 + x\\cdot x", {
  relativeTolerance: 1e-6,
  lenient: false,
});
port.postMessage({ ready: true });
