// Worker-thread entry of the verification pool: verifies one item and computes its per-sample
// reward components, so CPU-heavy checks run off the thread that serves HTTP.
import { workerData } from "node:worker_threads";
import { loadVerifier } from "../../verifiers/registry.js";
import { InvalidReferenceError, type Verifier } from "../../verifiers/verifier.js";
import { sampleComponents } from "../rewards/composite.js";
import type { VerifyOutcome, VerifyTask } from "./verify-task.js";

const verifiers = new Map<string, Promise<Verifier<unknown>>>();

function verifierNamed(name: string): Promise<Verifier<unknown>> {
  let verifier = verifiers.get(name);
  if (verifier === undefined) {
    verifier = loadVerifier(name);
    verifiers.set(name, verifier);
  }
  return verifier;
}

// Loaded before the first task so that a fresh worker does not spend an item's budget on imports.
const { preloadVerifiers, startFlags } = workerData as { preloadVerifiers: string[]; startFlags: Int32Array };
await Promise.all(preloadVerifiers.map(verifierNamed));

export default async function verifyItem(task: VerifyTask): Promise<VerifyOutcome> {
  const verifier = await verifierNamed(task.verifier);
  Atomics.store(startFlags, task.startSlot, 1);
  Atomics.notify(startFlags, task.startSlot);

  // A controller with a cleared timer, not AbortSignal.timeout: on Node 20.20 each
  // AbortSignal.timeout signal kept native memory (RSS grew about 1.5 KB per item in a loop).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), task.budgetMs);
  const started = performance.now();
  try {
    const verdict = await verifier.verify(task.completion, task.reference, task.options, controller.signal);
    const verifyMs = performance.now() - started;
    const sample = {
      prompt: task.prompt,
      completion: task.completion,
      verdict,
      ...(task.completionTokens === undefined ? {} : { completionTokens: task.completionTokens }),
    };
    const components = sampleComponents(sample, task.spec);
    // Elapsed time is checked as well as the signal: a verifier that never yields to the event loop
    // can overrun without the signal's timer ever firing.
    const budgetExceeded = controller.signal.aborted || verifyMs > task.budgetMs;
    return { kind: "scored", verdict, components, budgetExceeded, verifyMs };
  } catch (error) {
    // Verifiers answer an abort with a timeout verdict; this covers one that throws instead.
    if (controller.signal.aborted) return { kind: "timeout" };
    if (error instanceof InvalidReferenceError) return { kind: "invalid-reference", message: error.message };

    // Error subclasses lose their class when copied between threads, so the kind travels as data.
    if (!(error instanceof Error)) return { kind: "failed", message: String(error) };
    return {
      kind: "failed",
      message: `${error.name}: ${error.message}`,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  } finally {
    clearTimeout(timer);
  }
}
